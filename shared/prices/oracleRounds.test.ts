import { describe, expect, it } from "vitest";
import { oracleRoundsFromCandles } from "./oracleRounds";

const hour = (time: number, open: number, high: number, low: number, close: number) => ({
  time,
  open,
  high,
  low,
  close,
});

describe("oracleRoundsFromCandles", () => {
  it("writes the close of every hour and only the wicks that pass the deviation threshold", () => {
    const rounds = oracleRoundsFromCandles([
      hour(0, 100, 100.2, 99.9, 100.1), // quiet hour: close only
      hour(3600, 100.1, 102, 99, 101), // up candle: low (−1.1 %) then high (+3 %)
      hour(7200, 101, 101.3, 98, 98.5), // down candle: high (+0.3 %, below the threshold) then low
    ]);
    expect(rounds).toEqual([
      { time: 3600, price: 100.1 },
      { time: 3600 + 1200, price: 99 },
      { time: 3600 + 2400, price: 102 },
      { time: 7200, price: 101 },
      { time: 7200 + 2400, price: 98 },
      { time: 10800, price: 98.5 },
    ]);
  });
});
