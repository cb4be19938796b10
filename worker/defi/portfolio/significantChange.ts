/**
 * When a portfolio has changed enough to matter: worth a new history point and a `portfolio_update` to the
 * client. Small enough to catch what a user would notice on the dashboard, large enough that interest
 * accruing every block does not count as news.
 */
export const SIGNIFICANT_CHANGE = {
  /** Relative change of the health factor. */
  healthFactor: 0.01,
  /** Relative change of net value or debt. */
  value: 0.005,
  /** Minimum spacing of history points when nothing significant changed. */
  snapshotIntervalMs: 5 * 60_000,
} as const;

export interface PortfolioFigures {
  netValueUsd: number;
  debtUsd: number;
  healthFactor: number | null;
  riskBand: "low" | "medium" | "high" | null;
}

function relativeChange(before: number, after: number): number {
  if (before === after) return 0;
  const scale = Math.max(Math.abs(before), Math.abs(after));
  return scale === 0 ? 0 : Math.abs(after - before) / scale;
}

/** True when any figure moved past its threshold, debt appeared or vanished, or the risk band changed. */
export function isSignificantChange(before: PortfolioFigures, after: PortfolioFigures): boolean {
  if ((before.healthFactor === null) !== (after.healthFactor === null)) return true;
  if (
    before.healthFactor !== null &&
    after.healthFactor !== null &&
    relativeChange(before.healthFactor, after.healthFactor) > SIGNIFICANT_CHANGE.healthFactor
  ) {
    return true;
  }
  if (relativeChange(before.netValueUsd, after.netValueUsd) > SIGNIFICANT_CHANGE.value) return true;
  if (relativeChange(before.debtUsd, after.debtUsd) > SIGNIFICANT_CHANGE.value) return true;
  return before.riskBand !== after.riskBand;
}
