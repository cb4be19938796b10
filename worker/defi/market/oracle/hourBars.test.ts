import { describe, expect, it } from "vitest";
import { foldRounds, hourlyCandles, hourlySeries } from "./hourBars";

const H = 3600;

describe("hourly bars from oracle rounds", () => {
  it("opens each hour at the answer carried in and folds its rounds into low, high and close", () => {
    const bars = foldRounds(null, [
      { time: 10 * H + 100, price: 100 },
      { time: 10 * H + 900, price: 97 },
      { time: 10 * H + 2000, price: 101 },
      { time: 13 * H + 5, price: 104 },
    ]);
    expect(bars).toEqual([
      { hour: 10, open: 100, high: 101, low: 97, close: 101, closeTime: 10 * H + 2000 },
      { hour: 13, open: 101, high: 104, low: 101, close: 104, closeTime: 13 * H + 5 },
    ]);
    // New rounds continue the newest kept bar; rounds older than it were already folded in.
    const more = foldRounds(bars[1]!, [
      { time: 12 * H, price: 1 },
      { time: 13 * H + 60, price: 99 },
    ]);
    expect(more).toEqual([{ hour: 13, open: 101, high: 104, low: 99, close: 99, closeTime: 13 * H + 60 }]);
  });

  it("gives every hour a point (flat where the oracle held), the current hour's stamped at asOf", () => {
    const bars = foldRounds(null, [
      { time: 8 * H + 10, price: 50 },
      { time: 10 * H + 10, price: 55 },
    ]);
    const asOf = 12 * H + 1800;
    const series = hourlySeries(bars, 9, asOf);
    expect(series).toEqual([
      { time: 10 * H, price: 50, low: 50, high: 50 }, // hour 9: no round, carried from hour 8
      { time: 11 * H, price: 55, low: 50, high: 55 },
      { time: 12 * H, price: 55, low: 55, high: 55 },
      { time: asOf, price: 55, low: 55, high: 55 },
    ]);
    // Without a bar before the window the series starts at the first round's hour.
    expect(hourlySeries(bars.slice(1), 9, asOf)[0]).toEqual({ time: 11 * H, price: 55, low: 50, high: 55 });
    expect(hourlySeries([], 9, asOf)).toEqual([]);
  });

  it("as candles: every hour from the window's start, opening at the answer carried in, flat without rounds", () => {
    const bars = [
      { hour: 8, open: 90, high: 95, low: 90, close: 95, closeTime: 8 * H + 10 },
      { hour: 10, open: 95, high: 101, low: 97, close: 101, closeTime: 10 * H + 2000 },
      { hour: 13, open: 101, high: 104, low: 101, close: 104, closeTime: 13 * H + 5 },
    ];
    // Hour 8 is before the window: its close (95) is what hour 9 carries.
    expect(hourlyCandles(bars, 9, 13 * H + 600)).toEqual([
      { time: 9 * H, open: 95, high: 95, low: 95, close: 95 },
      { time: 10 * H, open: 95, high: 101, low: 97, close: 101 },
      { time: 11 * H, open: 101, high: 101, low: 101, close: 101 },
      { time: 12 * H, open: 101, high: 101, low: 101, close: 101 },
      { time: 13 * H, open: 101, high: 104, low: 101, close: 104 },
    ]);
    // Without a bar before the window, the candles start at the first hour with rounds.
    expect(hourlyCandles(bars.slice(1), 9, 11 * H).map((c) => c.time)).toEqual([10 * H, 11 * H]);
    expect(hourlyCandles([], 9, 11 * H)).toEqual([]);
  });
});
