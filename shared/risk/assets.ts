/**
 * The assets the risk model understands and how each is priced. Volatile assets map to one of four price feeds;
 * stablecoins are held at $1 (a depeg is outside what this model forecasts). WETH is ETH; wstETH is stETH times a
 * slowly rising exchange rate, and only relative price moves matter here, so both stETH and wstETH use the STETH
 * feed (ETH × stETH/ETH).
 */
export const RISK_ASSETS = [
  "ETH",
  "WETH",
  "stETH",
  "wstETH",
  "LINK",
  "BTC",
  "WBTC",
  "USDC",
  "DAI",
  "USDT",
] as const;
export type RiskAsset = (typeof RISK_ASSETS)[number];

export const PRICE_FEEDS = ["ETH", "STETH", "BTC", "LINK"] as const;
export type PriceFeed = (typeof PRICE_FEEDS)[number];

const FEED_OF: Record<RiskAsset, PriceFeed | null> = {
  ETH: "ETH",
  WETH: "ETH",
  stETH: "STETH",
  wstETH: "STETH",
  LINK: "LINK",
  BTC: "BTC",
  WBTC: "BTC",
  USDC: null,
  DAI: null,
  USDT: null,
};

/** The price feed an asset follows, or null for a stablecoin held at $1. */
export function feedOf(asset: RiskAsset): PriceFeed | null {
  return FEED_OF[asset];
}

export function isRiskAsset(value: string): value is RiskAsset {
  return (RISK_ASSETS as readonly string[]).includes(value);
}

/** Accepts the token symbols a portfolio reports ("weth", "WETH.e" is not accepted) case-insensitively. */
export function toRiskAsset(symbol: string): RiskAsset | null {
  const match = RISK_ASSETS.find((asset) => asset.toLowerCase() === symbol.trim().toLowerCase());
  return match ?? null;
}

/**
 * Usual hourly log-return volatility per feed: the median of 30-day realised hourly volatility over 2019–2023 in
 * ../shared/data/prices (ETH 0.0082 ≈ 76 %/yr, LINK 0.011 ≈ 103 %/yr, BTC 0.0051 ≈ 48 %/yr, BTC from 2022 only).
 * stETH follows ETH. Used as the prior while an asset's history is short, and as "usual" in driver texts.
 */
export const PRIOR_HOURLY_VOL: Record<PriceFeed, number> = {
  ETH: 0.0082,
  STETH: 0.0082,
  BTC: 0.0051,
  LINK: 0.011,
};

/** Prior correlations of hourly returns (measured 2019–2023: ETH–BTC 0.88, ETH–LINK 0.68, BTC–LINK 0.74). */
const PRIOR_CORRELATION: Record<PriceFeed, Record<PriceFeed, number>> = {
  ETH: { ETH: 1, STETH: 0.99, BTC: 0.85, LINK: 0.7 },
  STETH: { ETH: 0.99, STETH: 1, BTC: 0.85, LINK: 0.7 },
  BTC: { ETH: 0.85, STETH: 0.85, BTC: 1, LINK: 0.7 },
  LINK: { ETH: 0.7, STETH: 0.7, BTC: 0.7, LINK: 1 },
};

export function priorCorrelation(a: PriceFeed, b: PriceFeed): number {
  return PRIOR_CORRELATION[a][b];
}
