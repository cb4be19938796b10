import { backtestPositionSchema } from "../../shared/schemas/backtest";
import { ruleCreateSchema } from "../../shared/schemas/rules";
import type { HourMove, PricePath } from "../../worker/backtest/pricePath";
import { replay } from "../../worker/backtest/replay";
import { downsample } from "../../worker/backtest/summarize";

const HOURS_PER_YEAR = 8760;

/**
 * A year of hourly ETH moves, the same every run: a seeded random walk (0.8 % hourly, ETH's usual) with a 45 %
 * crash in month six, so the year exercises what costs time — triggers holding, proposals, repays, liquidations.
 */
export function syntheticYear(start = Date.UTC(2023, 0, 1) / 1000): PricePath {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const eth: HourMove[] = [];
  let price = 1;
  for (let h = 0; h < HOURS_PER_YEAR; h++) {
    const open = price;
    const drift = h >= 4000 && h < 4048 ? -0.0125 : 0;
    price *= Math.exp(drift + (random() - 0.5) * 0.028);
    eth.push({ open, close: price, high: Math.max(open, price) * 1.002, low: Math.min(open, price) * 0.998 });
  }
  const flat = eth.map(() => ({ open: 1, high: 1, low: 1, close: 1 }));
  return {
    hours: eth.map((_, h) => start + h * 3600),
    moves: new Map([
      ["WETH", eth],
      ["ETH", eth],
      ["DAI", flat],
    ]),
  };
}

const position = backtestPositionSchema.parse({
  chainId: 1,
  reserves: [
    {
      asset: "WETH",
      priceUsd: 2000,
      supplied: "10",
      liquidationThreshold: 8250,
      liquidationBonus: 10500,
      supplyRate: 0.02,
    },
    {
      asset: "DAI",
      priceUsd: 1,
      borrowed: "11000",
      walletBalance: "20000",
      liquidationThreshold: 7700,
      liquidationBonus: 10400,
      usedAsCollateral: false,
      borrowRate: 0.05,
    },
  ],
});
const rule = ruleCreateSchema.parse({
  name: "repay below 1.25",
  trigger: { type: "health_factor_below", value: 1.25 },
  action: { type: "repay", chainId: 1, asset: "DAI", targetHealthFactor: 1.6 },
});

/** One simulated year as the API runs a window: without and with the rule, series downsampled. Returns ms. */
export function timeBacktestYear(path: PricePath): { ms: number; proposals: number; liquidations: number } {
  const started = performance.now();
  const common = { position, path, signDelayMinutes: 10, gasPriceGwei: 30, ethUsd: 2000 };
  const without = replay({ ...common, rule: null });
  const withRule = replay({ ...common, rule });
  downsample(without.series);
  downsample(withRule.series);
  return {
    ms: performance.now() - started,
    proposals: withRule.summary.proposals,
    liquidations: without.summary.liquidations,
  };
}
