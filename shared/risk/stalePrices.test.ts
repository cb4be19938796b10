import { describe, expect, it } from "vitest";
import type { RiskPosition } from "./position";
import type { PricePoint } from "./priceHistory";
import { STALE_PRICES_SECONDS, stalePriceFeeds, stalePricesDriver } from "./stalePrices";

const H = 3600;
const NOW = 1_700_000_000;
const hourly = (end: number, hours = 48): PricePoint[] =>
  Array.from({ length: hours }, (_, k) => ({ time: end - (hours - 1 - k) * H, price: 100 + k }));

const ethAndLinkAgainstBtc: RiskPosition = {
  collateral: [
    { asset: "WETH", usd: 10_000, liquidationThreshold: 0.83 },
    { asset: "LINK", usd: 2_000, liquidationThreshold: 0.68 },
  ],
  debt: [
    { asset: "WBTC", usd: 4_000 },
    { asset: "USDC", usd: 1_000 },
  ],
};

describe("stalePriceFeeds", () => {
  it("names the position's feeds whose newest price lies over 15 min behind, oldest first", () => {
    const history = {
      ETH: hourly(NOW),
      LINK: hourly(NOW - 40 * 60),
      BTC: hourly(NOW - 3 * H),
      STETH: hourly(NOW - 10 * H), // not in the position
    };
    expect(stalePriceFeeds(ethAndLinkAgainstBtc, history, NOW)).toEqual([
      { feed: "BTC", seconds: 3 * H },
      { feed: "LINK", seconds: 40 * 60 },
    ]);
  });

  it("keeps quiet within the threshold, ignores prices after `at` and feeds with no price at all", () => {
    const history = {
      ETH: hourly(NOW - STALE_PRICES_SECONDS), // exactly at the threshold: current
      LINK: [...hourly(NOW - 2 * H), { time: NOW + H, price: 1 }], // a point after `at` does not make it current
    };
    expect(stalePriceFeeds(ethAndLinkAgainstBtc, history, NOW)).toEqual([{ feed: "LINK", seconds: 2 * H }]);
    expect(stalePriceFeeds(ethAndLinkAgainstBtc, { ETH: hourly(NOW) }, NOW)).toEqual([]);
  });

  it("a stablecoin-only position has no feed to be stale", () => {
    const stables: RiskPosition = {
      collateral: [{ asset: "USDC", usd: 1_000, liquidationThreshold: 0.78 }],
      debt: [{ asset: "DAI", usd: 500 }],
    };
    expect(stalePriceFeeds(stables, { ETH: hourly(NOW - 5 * H) }, NOW)).toEqual([]);
  });
});

describe("stalePricesDriver", () => {
  it("says which prices and for how long, in the longest lag's unit", () => {
    expect(stalePricesDriver([])).toBeNull();
    expect(stalePricesDriver([{ feed: "STETH", seconds: 40 * 60 }])).toBe(
      "the oracle's stETH prices could not be read for 40 min: this forecast uses the prices from before then",
    );
    expect(
      stalePricesDriver([
        { feed: "BTC", seconds: 5 * H },
        { feed: "LINK", seconds: 3 * H },
        { feed: "ETH", seconds: 20 * 60 },
      ]),
    ).toBe(
      "the oracle's BTC, LINK and ETH prices could not be read for 5 h: this forecast uses the prices from before then",
    );
    expect(stalePricesDriver([{ feed: "ETH", seconds: 3 * 86_400 }])).toMatch(/for 3 days:/);
  });
});
