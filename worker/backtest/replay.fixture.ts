import type { BacktestPositionInput } from "../../shared/schemas/backtest";
import { backtestPositionSchema } from "../../shared/schemas/backtest";
import { type RuleCreateInput, ruleCreateSchema } from "../../shared/schemas/rules";
import type { HourMove, PricePath } from "./pricePath";

/** 2022-06-01T00:00:00Z: the hand-computed cases start here. */
export const T0 = Date.UTC(2022, 5, 1) / 1000;

/** 10 WETH at $2,000 (LT 80 %, bonus 5 %) against 10,000 DAI: HF = 20,000 × 0.8 / 10,000 = 1.6. No interest. */
export function position(overrides: { walletDai?: string; borrowRate?: number } = {}) {
  const input: BacktestPositionInput = {
    chainId: 1,
    reserves: [
      { asset: "WETH", priceUsd: 2000, supplied: "10", liquidationThreshold: 8000, liquidationBonus: 10500 },
      {
        asset: "DAI",
        priceUsd: 1,
        borrowed: "10000",
        walletBalance: overrides.walletDai ?? "5000",
        liquidationThreshold: 7700,
        liquidationBonus: 10400,
        usedAsCollateral: false,
        borrowRate: overrides.borrowRate ?? 0,
      },
    ],
  };
  return backtestPositionSchema.parse(input);
}

const flat = (ratio: number): HourMove => ({ open: ratio, high: ratio, low: ratio, close: ratio });
const move = (open: number, low: number, close: number): HourMove => ({
  open,
  high: Math.max(open, close),
  low,
  close,
});

/**
 * ETH hour by hour from today's price: 1.0, 0.9, 0.8, 0.75 (HF at the close 1.2: below 1.25), then hour 4 falls
 * to a low of 0.6 (−40 %: HF 0.96 at the low, liquidatable) and closes at 0.62.
 */
export const CRASH: HourMove[] = [
  flat(1),
  move(1, 0.9, 0.9),
  move(0.9, 0.8, 0.8),
  move(0.8, 0.75, 0.75),
  move(0.75, 0.6, 0.62),
  flat(0.62),
];

export function pathOf(eth: HourMove[]): PricePath {
  const hours = eth.map((_, h) => T0 + h * 3600);
  return {
    hours,
    moves: new Map([
      ["WETH", eth],
      ["ETH", eth],
      ["DAI", eth.map(() => flat(1))],
    ]),
  };
}

export function repayRule(overrides: { target?: number; guards?: RuleCreateInput["guards"] } = {}) {
  return ruleCreateSchema.parse({
    name: "repay below 1.25",
    trigger: { type: "health_factor_below", value: 1.25 },
    action: { type: "repay", chainId: 1, asset: "DAI", targetHealthFactor: overrides.target ?? 1.6 },
    guards: overrides.guards ?? {},
  });
}
