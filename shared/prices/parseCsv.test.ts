import { describe, expect, it } from "vitest";
import { parseBinanceKlines } from "./binanceKlines";
import { candlesToCsv, parseCandlesCsv, parseStethEthCsv } from "./parseCsv";

describe("parseCandlesCsv", () => {
  it("reads the shared directory's format and keeps gaps as gaps", () => {
    const csv =
      "time,open,high,low,close,volume\n3600,10,12,9,11,5\n7200,11,11.5,10,10.5,1\n18000,10,10,10,10,0\n";
    const candles = parseCandlesCsv(csv);
    expect(candles).toEqual([
      { time: 3600, open: 10, high: 12, low: 9, close: 11 },
      { time: 7200, open: 11, high: 11.5, low: 10, close: 10.5 },
      { time: 18000, open: 10, high: 10, low: 10, close: 10 },
    ]);
    expect(parseCandlesCsv(candlesToCsv(candles))).toEqual(candles);
  });

  it.each([
    ["time,open,high,low\n3600,1,1,1\n", /missing column "close"/],
    ["time,open,high,low,close\n3600,1,1,1,abc\n", /:2: close is not a number/],
    ["time,open,high,low,close\n3600,1,1,1,1\n3600,1,1,1,1\n", /:3: time 3600 is not after/],
    ["time,open,high,low,close\n3601,1,1,1,1\n", /not a whole UTC hour/],
    ["time,open,high,low,close\n3600,1,0.5,0.4,1\n", /low ≤ open, close ≤ high/],
    ["time,open,high,low,close\n", /no candles/],
  ])("rejects malformed input %#", (csv, message) => {
    expect(() => parseCandlesCsv(csv, "test.csv")).toThrow(message);
  });
});

describe("parseStethEthCsv", () => {
  it("reads time,price rows and rejects implausible prices", () => {
    expect(parseStethEthCsv("time,price\n100,0.99\n200,1.001\n")).toEqual([
      { time: 100, price: 0.99 },
      { time: 200, price: 1.001 },
    ]);
    expect(() => parseStethEthCsv("time,price\n100,990000000000000000\n")).toThrow(/implausible/);
  });
});

describe("parseBinanceKlines (hand-written /api/v3/klines response)", () => {
  const response = [
    [
      1704067200000,
      "2281.87000000",
      "2297.18000000",
      "2281.25000000",
      "2295.51000000",
      "6049.1229",
      1704070799999,
      "13845627.1",
      14231,
      "3210.0",
      "7349311.3",
      "0",
    ],
    [
      1704070800000,
      "2295.52000000",
      "2299.07000000",
      "2287.50000000",
      "2290.01000000",
      "3861.5361",
      1704074399999,
      "8853217.5",
      10031,
      "1837.1",
      "4213345.2",
      "0",
    ],
  ];

  it("turns string prices and millisecond times into validated candles", () => {
    const { candles, volumes } = parseBinanceKlines(response);
    expect(candles).toEqual([
      { time: 1704067200, open: 2281.87, high: 2297.18, low: 2281.25, close: 2295.51 },
      { time: 1704070800, open: 2295.52, high: 2299.07, low: 2287.5, close: 2290.01 },
    ]);
    expect(volumes).toEqual([6049.1229, 3861.5361]);
  });

  it("rejects error bodies and malformed rows", () => {
    expect(() => parseBinanceKlines({ code: -1121, msg: "Invalid symbol." })).toThrow(/Invalid symbol/);
    expect(() => parseBinanceKlines([[1704067200000, "x", "1", "1", "1", "1"]])).toThrow(/non-numeric/);
    expect(() => parseBinanceKlines([response[1], response[0]])).toThrow(/not after/);
  });
});
