import { describe, expect, it } from "vitest";
import { stethCandles } from "./stethCandles";

const candle = (time: number, price: number) => ({
  time,
  open: price,
  high: price + 10,
  low: price - 10,
  close: price,
});

describe("stethCandles", () => {
  it("prices each ETH hour at the stETH/ETH rate in force, and skips the hours before the first round", () => {
    const eth = [candle(0, 1000), candle(3600, 1100), candle(7200, 1200), candle(10_800, 1300)];
    const rounds = [
      { time: 3000, price: 0.99 },
      { time: 7200, price: 0.95 },
    ];
    expect(stethCandles(eth, rounds)).toEqual([
      { time: 3600, open: 1089, high: 1098.9, low: 1079.1, close: 1089 },
      { time: 7200, open: 1140, high: 1149.5, low: 1130.5, close: 1140 },
      { time: 10_800, open: 1235, high: 1244.5, low: 1225.5, close: 1235 },
    ]);
  });
});
