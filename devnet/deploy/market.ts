// The devnet's Aave V3 market: five reserves with Aave-mainnet-like risk parameters and rate curves.
// Percentages are in basis points (Aave's on-chain unit); rates in percent, converted to ray when deployed.

export const RESERVE_SYMBOLS = ["WETH", "wstETH", "USDC", "DAI", "LINK"] as const;
export type ReserveSymbol = (typeof RESERVE_SYMBOLS)[number];

export interface RateCurve {
  optimalUsagePct: number;
  baseVariablePct: number;
  slope1Pct: number;
  slope2Pct: number;
}

export interface ReserveDefinition {
  symbol: ReserveSymbol;
  name: string;
  decimals: number;
  /** Start price in USD; the feed has 8 decimals like Chainlink's USD feeds. */
  priceUsd: number;
  ltvBps: number;
  liquidationThresholdBps: number;
  /** Bonus on top of 100 %: 500 = 5 % (stored on chain as 10500). */
  liquidationBonusBps: number;
  reserveFactorBps: number;
  /** Whole tokens; 0 = no cap. */
  supplyCap: number;
  borrowCap: number;
  rates: RateCurve;
}

/** wstETH is worth more than one stETH (it accrues staking rewards); ~1.19 stETH per wstETH at the start date. */
export const STETH_PER_WSTETH = 1.19;
const ETH_USD = 3350;

export const MARKET: readonly ReserveDefinition[] = [
  {
    symbol: "WETH",
    name: "Wrapped Ether",
    decimals: 18,
    priceUsd: ETH_USD,
    ltvBps: 8000,
    liquidationThresholdBps: 8250,
    liquidationBonusBps: 500,
    reserveFactorBps: 1500,
    supplyCap: 1_800_000,
    borrowCap: 1_400_000,
    rates: { optimalUsagePct: 90, baseVariablePct: 0, slope1Pct: 2.7, slope2Pct: 80 },
  },
  {
    symbol: "wstETH",
    name: "Wrapped liquid staked Ether 2.0",
    decimals: 18,
    priceUsd: Math.round(ETH_USD * STETH_PER_WSTETH * 100) / 100,
    ltvBps: 7850,
    liquidationThresholdBps: 8100,
    liquidationBonusBps: 600,
    reserveFactorBps: 1500,
    supplyCap: 1_000_000,
    borrowCap: 12_000,
    rates: { optimalUsagePct: 45, baseVariablePct: 0, slope1Pct: 4.5, slope2Pct: 80 },
  },
  {
    symbol: "USDC",
    name: "USD Coin",
    decimals: 6,
    priceUsd: 1,
    ltvBps: 7700,
    liquidationThresholdBps: 8000,
    liquidationBonusBps: 450,
    reserveFactorBps: 1000,
    supplyCap: 1_500_000_000,
    borrowCap: 1_400_000_000,
    rates: { optimalUsagePct: 90, baseVariablePct: 0, slope1Pct: 4, slope2Pct: 60 },
  },
  {
    symbol: "DAI",
    name: "Dai Stablecoin",
    decimals: 18,
    priceUsd: 1,
    ltvBps: 6300,
    liquidationThresholdBps: 7700,
    liquidationBonusBps: 500,
    reserveFactorBps: 1000,
    supplyCap: 338_000_000,
    borrowCap: 271_000_000,
    rates: { optimalUsagePct: 90, baseVariablePct: 0, slope1Pct: 4, slope2Pct: 75 },
  },
  {
    symbol: "LINK",
    name: "ChainLink Token",
    decimals: 18,
    priceUsd: 20.5,
    ltvBps: 5300,
    liquidationThresholdBps: 6800,
    liquidationBonusBps: 700,
    reserveFactorBps: 2000,
    supplyCap: 15_000_000,
    borrowCap: 13_000_000,
    rates: { optimalUsagePct: 45, baseVariablePct: 0, slope1Pct: 7, slope2Pct: 300 },
  },
];

export function reserveDefinition(symbol: string): ReserveDefinition {
  const found = MARKET.find((r) => r.symbol.toLowerCase() === symbol.toLowerCase());
  if (!found) throw new Error(`unknown reserve ${symbol} (devnet has ${RESERVE_SYMBOLS.join(", ")})`);
  return found;
}

/** USD with 8 decimals, as Chainlink USD feeds and Aave's base currency use. */
export function usdToFeedAnswer(usd: number): bigint {
  if (!Number.isFinite(usd) || usd <= 0)
    throw new Error(`price must be a positive number of USD, got ${usd}`);
  return BigInt(Math.round(usd * 1e8));
}
