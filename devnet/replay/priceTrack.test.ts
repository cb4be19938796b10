import { describe, expect, it } from "vitest";
import type { Candle } from "../../shared/prices/types";
import { STETH_PER_WSTETH } from "../deploy/market";
import { anchorTrack, buildPriceTrack, parseReplayTime } from "./priceTrack";

const H = 3600;
const T0 = parseReplayTime("2022-06-13");
const candle = (time: number, close: number): Candle => ({
  time,
  open: close,
  high: close,
  low: close,
  close,
});

describe("replay price track", () => {
  it("parses dates, ISO times and unix seconds as UTC", () => {
    expect(T0).toBe(1_655_078_400);
    expect(parseReplayTime("2022-06-13T01:00:00Z")).toBe(T0 + H);
    expect(parseReplayTime("1655078400")).toBe(T0);
    expect(() => parseReplayTime("next tuesday")).toThrow(/not a date/);
  });

  it("maps ETH→WETH, ETH×stETH/ETH→wstETH, LINK→LINK hour by hour within [from, to)", () => {
    const eth = [candle(T0 - H, 1500), candle(T0, 1400), candle(T0 + H, 1300), candle(T0 + 2 * H, 1200)];
    const link = [candle(T0 - H, 6), candle(T0, 5.5)];
    const steth = [
      { time: T0 - 10 * H, price: 0.97 },
      { time: T0 + H, price: 0.94 },
    ];
    const track = buildPriceTrack(eth, link, steth, T0, T0 + 2 * H);
    expect(track.map((p) => p.time)).toEqual([T0, T0 + H]);
    expect(track[0]).toEqual({ time: T0, WETH: 1400, wstETH: 1400 * 0.97 * STETH_PER_WSTETH, LINK: 5.5 });
    // LINK has no newer candle: the last known one carries; stETH/ETH switches at its round time.
    expect(track[1]).toEqual({ time: T0 + H, WETH: 1300, wstETH: 1300 * 0.94 * STETH_PER_WSTETH, LINK: 5.5 });
    expect(() => buildPriceTrack(eth, link, steth, T0 + 10 * H, T0 + 12 * H)).toThrow(/no ETH candles/);
  });

  it("--relative anchors each series at today's price and keeps the relative moves", () => {
    const track = [
      { time: T0, WETH: 1500, wstETH: 1600, LINK: 6 },
      { time: T0 + H, WETH: 1200, wstETH: 1200, LINK: 3 },
    ];
    const anchored = anchorTrack(track, { WETH: 3000, wstETH: 4000, LINK: 20 });
    expect(anchored[0]).toEqual({ time: T0, WETH: 3000, wstETH: 4000, LINK: 20 });
    expect(anchored[1]).toEqual({ time: T0 + H, WETH: 2400, wstETH: 3000, LINK: 10 });
  });
});
