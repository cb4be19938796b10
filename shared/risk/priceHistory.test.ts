import { describe, expect, it } from "vitest";
import { sampleHourlyBars, sampleHourlyGrid } from "./priceHistory";

const H = 3600;

describe("sampleHourlyGrid", () => {
  it("leaves gaps as gaps on the hourly grid (no interpolation)", () => {
    const points = [
      { time: 0, price: 1 },
      { time: H, price: 2 },
      { time: 10 * H, price: 3 },
    ];
    const grid = sampleHourlyGrid(points, 10 * H, 10, 3 * H);
    expect(grid[0]).toBe(3);
    expect(Number.isNaN(grid[5]!)).toBe(true); // 4 h after the last price: stale
    expect(grid[8]).toBe(2); // 1 h after: still current
    expect(grid[10]).toBe(1);
  });
});

describe("sampleHourlyBars", () => {
  it("an hour's low/high span the answer carried in and every round published inside it", () => {
    // Rounds: 100 at 0, 97 at 0:20, 103 at 0:40 … 101 at 1:30. Grid: asOf = 2 h.
    const rounds = [
      { time: 0, price: 100 },
      { time: 1200, price: 97 },
      { time: 2400, price: 103 },
      { time: 3600, price: 102 },
      { time: 5400, price: 101 },
    ];
    const bars = sampleHourlyBars(rounds, 2 * H, 2);
    // Hour ending at 2 h: carried in 102 (published at 1 h), then 101.
    expect([bars.close[0], bars.low[0], bars.high[0]]).toEqual([101, 101, 102]);
    // Hour ending at 1 h: carried in 100, then 97, 103, 102 (published at exactly 1 h belongs to it).
    expect([bars.close[1], bars.low[1], bars.high[1]]).toEqual([102, 97, 103]);
    // Hour ending at 0: only the carried-in price is known (no earlier round): low = high = close.
    expect([bars.close[2], bars.low[2], bars.high[2]]).toEqual([100, 100, 100]);
  });

  it("hourly rows with low/high give the same bars as the rounds they summarise", () => {
    const rows = [
      { time: 0, price: 100 },
      { time: H, price: 102, low: 97, high: 103 },
      { time: 2 * H, price: 101, low: 101, high: 102 },
    ];
    const rounds = [
      { time: 0, price: 100 },
      { time: 1200, price: 97 },
      { time: 2400, price: 103 },
      { time: 3600, price: 102 },
      { time: 5400, price: 101 },
    ];
    expect(sampleHourlyBars(rows, 2 * H, 2)).toEqual(sampleHourlyBars(rounds, 2 * H, 2));
  });

  it("a row's own range belongs to its hour, not to the next one", () => {
    const rows = [
      { time: H, price: 100, low: 50, high: 150 },
      { time: 2 * H, price: 100 },
    ];
    const bars = sampleHourlyBars(rows, 2 * H, 1);
    expect([bars.low[0], bars.high[0]]).toEqual([100, 100]);
    expect([bars.low[1], bars.high[1]]).toEqual([50, 150]);
  });

  it("never reads a point after asOf", () => {
    const points = [
      { time: 0, price: 100 },
      { time: H, price: 100 },
      { time: H + 60, price: 1 },
    ];
    const bars = sampleHourlyBars(points, H, 1);
    expect([bars.close[0], bars.low[0], bars.high[0]]).toEqual([100, 100, 100]);
  });
});
