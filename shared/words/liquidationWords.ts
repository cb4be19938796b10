import type { Liquidation } from "../schemas/ws";
import { formatHealthFactor } from "./healthFactorText";
import { formatUsd } from "./money";
import { formatTokenAmount } from "./tokenAmount";

const tokens = (amount: string) => formatTokenAmount(Number(amount));
const priced = (value: number | null) => (value === null ? "" : ` (${formatUsd(value)})`);

/**
 * A liquidation told as a borrower reads it: what was taken, what debt it paid, what it cost, where the
 * position stands now. E.g. "Liquidated: 2.1 WETH ($4,410.00) was seized to repay 2,000 DAI ($2,000.00); the
 * liquidation bonus cost you $210.00. Health factor now 1.03."
 */
export function liquidationMessage(
  liquidation: Liquidation,
  /** null: no debt left; undefined: not known (the read after it failed). */
  healthFactorAfter: number | null | undefined,
): string {
  const now =
    healthFactorAfter === undefined
      ? "Check your position."
      : healthFactorAfter === null
        ? "No debt left."
        : `Health factor now ${formatHealthFactor(healthFactorAfter)}.`;
  return `Liquidated: ${liquidationSummary(liquidation)}. ${now}`;
}

/** What was taken, what it repaid and what it cost: "2.1 WETH ($4,410.00) was seized to repay … cost you $210.00". */
export function liquidationSummary(liquidation: Liquidation): string {
  const { collateralSeized: seized, debtRepaid: repaid, bonusUsd } = liquidation;
  const cost = bonusUsd === null ? "" : `; the liquidation bonus cost you ${formatUsd(bonusUsd)}`;
  return (
    `${tokens(seized.amount)} ${seized.symbol}${priced(seized.usd)} was seized to repay ` +
    `${tokens(repaid.amount)} ${repaid.symbol}${priced(repaid.usd)}${cost}`
  );
}

/** A liquidation told earlier that a reorganisation dropped: it did not happen (as far as the chain says now). */
export function liquidationRetractedMessage(liquidation: Liquidation, chainId: number): string {
  const { collateralSeized: seized } = liquidation;
  return (
    `The liquidation Vigil told you about (block ${liquidation.blockNumber} on chain ${chainId}, ` +
    `${tokens(seized.amount)} ${seized.symbol} seized) is no longer on the chain: a chain reorganisation ` +
    "dropped it. Your collateral was not taken by it. Vigil is checking your position again."
  );
}
