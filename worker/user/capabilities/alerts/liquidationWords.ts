import type { Liquidation } from "../../../../shared/schemas/ws";
import { formatHealthFactor } from "../../../../shared/words/healthFactorText";

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 });
const tokens = (amount: string) =>
  Number(amount).toLocaleString("en-US", { maximumFractionDigits: Number(amount) >= 1 ? 4 : 6 });
const priced = (value: number | null) => (value === null ? "" : ` (${usd.format(value)})`);

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
  const { collateralSeized: seized, debtRepaid: repaid, bonusUsd } = liquidation;
  const cost = bonusUsd === null ? "" : `; the liquidation bonus cost you ${usd.format(bonusUsd)}`;
  const now =
    healthFactorAfter === undefined
      ? "Check your position."
      : healthFactorAfter === null
        ? "No debt left."
        : `Health factor now ${formatHealthFactor(healthFactorAfter)}.`;
  return (
    `Liquidated: ${tokens(seized.amount)} ${seized.symbol}${priced(seized.usd)} was seized to repay ` +
    `${tokens(repaid.amount)} ${repaid.symbol}${priced(repaid.usd)}${cost}. ${now}`
  );
}
