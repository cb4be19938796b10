import { describe, expect, it } from "vitest";
import type { PriceHistory } from "../../../shared/risk/priceHistory";
import { priceHistoryKey } from "./marketView";

const HOUR = 3600;
const series = (hours: number, start = 1_700_000_000, price = 2000) =>
  Array.from({ length: hours }, (_, i) => ({
    time: start + i * HOUR,
    price: price + i,
    low: price + i - 5,
    high: price + i + 5,
  }));

describe("priceHistoryKey", () => {
  const base: PriceHistory = { ETH: series(744), BTC: series(744, 1_700_000_000, 40_000) };

  it("is the same for the same history, whatever the feeds' order", () => {
    const reordered: PriceHistory = { BTC: base.BTC!, ETH: base.ETH! };
    expect(priceHistoryKey(reordered)).toBe(priceHistoryKey(base));
    expect(priceHistoryKey(structuredClone(base))).toBe(priceHistoryKey(base));
  });

  it("changes when the last hour moves, an hour is added, the window slides, or a feed appears", () => {
    const key = priceHistoryKey(base);
    const eth = base.ETH!;
    const lastMoved = {
      ...base,
      ETH: [...eth.slice(0, -1), { ...eth.at(-1)!, low: (eth.at(-1)!.low ?? 0) - 1 }],
    };
    const closeMoved = {
      ...base,
      ETH: [...eth.slice(0, -1), { ...eth.at(-1)!, price: eth.at(-1)!.price + 1 }],
    };
    const added = { ...base, ETH: [...eth, { time: eth.at(-1)!.time + HOUR, price: 1 }] };
    const slid = {
      ...base,
      ETH: [...eth.slice(1), { time: eth.at(-1)!.time + HOUR, price: eth.at(-1)!.price }],
    };
    const newFeed = { ...base, LINK: series(10, 1_700_000_000, 15) };
    const keys = [lastMoved, closeMoved, added, slid, newFeed].map((h) => priceHistoryKey(h as PriceHistory));
    expect(new Set([key, ...keys]).size).toBe(6);
  });

  it("tells an empty history from a missing one", () => {
    expect(priceHistoryKey({})).not.toBe(priceHistoryKey({ ETH: [] }));
  });
});
