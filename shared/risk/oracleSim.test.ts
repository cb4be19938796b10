import { describe, expect, it } from "vitest";
import type { Candle } from "../prices/types";
import { simulateOracle, simulateOracleRounds } from "./oracleSim";

const T0 = 1_700_000_000 - (1_700_000_000 % 3600);
const candle = (h: number, open: number, high: number, low: number, close: number): Candle => ({
  time: T0 + h * 3600,
  open,
  high,
  low,
  close,
});
const rule = { deviation: 0.005, heartbeatSeconds: 3600 };

describe("simulateOracle", () => {
  it("one row per candle, stamped at the candle's close; a flat market keeps its answer", () => {
    const rows = simulateOracle([candle(0, 100, 100, 100, 100), candle(1, 100, 100, 100, 100)], rule);
    expect(rows).toEqual([
      { time: T0 + 3600, price: 100, low: 100, high: 100 },
      { time: T0 + 7200, price: 100, low: 100, high: 100 },
    ]);
  });

  it("moves below the deviation threshold wait for the heartbeat", () => {
    // 100 → 100.3 over the hour (0.3 % < 0.5 %): no deviation update; the heartbeat at the hour's end prints the close.
    const rows = simulateOracle([candle(0, 100, 100.3, 100, 100.3)], rule);
    expect(rows[0]!.price).toBeCloseTo(100.3, 10);
    expect(rows[0]!.low).toBe(100);
    // Low stays at the answer carried in; the heartbeat answer is the high.
    expect(rows[0]!.high).toBeCloseTo(100.3, 10);
  });

  it("a wick prints answers at each threshold crossing: the oracle's low is within one step of the candle's", () => {
    // open 100, high 100, low 97, close 100: the path falls to 97 and comes back.
    const [row] = simulateOracle([candle(0, 100, 100, 97, 100)], rule);
    expect(row!.low).toBeLessThanOrEqual(97 * 1.005);
    expect(row!.low).toBeGreaterThanOrEqual(97);
    expect(row!.high).toBe(100);
    expect(Math.abs(row!.price / 100 - 1)).toBeLessThan(0.005);
  });

  it("a move smaller than the threshold inside the hour never prints (LINK's 1 % feed misses a 0.8 % wick)", () => {
    const [row] = simulateOracle([candle(0, 10, 10, 9.92, 10)], { deviation: 0.01, heartbeatSeconds: 3600 });
    expect(row!.low).toBe(10);
  });

  it("restarts after a gap at the next open and makes no rows for the missing hours", () => {
    const rows = simulateOracle([candle(0, 100, 100, 100, 100), candle(3, 120, 120, 120, 120)], rule);
    expect(rows.map((r) => r.time)).toEqual([T0 + 3600, T0 + 4 * 3600]);
    expect(rows[1]).toEqual({ time: T0 + 4 * 3600, price: 120, low: 120, high: 120 });
  });
});

describe("simulateOracleRounds", () => {
  it("publishes the answers the hourly rows summarise", () => {
    const candles = [candle(0, 100, 100, 97, 100), candle(1, 100, 100.3, 100, 100.3)];
    const rounds = simulateOracleRounds(candles, rule);
    const rows = simulateOracle(candles, rule);
    expect(rounds[0]).toEqual({ time: T0, price: 100 });
    expect(Math.min(...rounds.filter((r) => r.time <= T0 + 3600).map((r) => r.price))).toBe(rows[0]!.low);
    expect(rounds.filter((r) => r.time <= T0 + 3600).at(-1)!.price).toBe(rows[0]!.price);
    expect(rounds.at(-1)!.price).toBe(rows[1]!.price);
  });
});
