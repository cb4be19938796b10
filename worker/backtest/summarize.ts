import type { BacktestEvent, BacktestPoint } from "../../shared/schemas/backtest";
import type { RuleCreate } from "../../shared/schemas/rules";
import type { ReplayResult } from "./replay";

/** The chart does not need more points than a popup is wide; each bucket keeps its lowest HF (the dips matter). */
export const MAX_SERIES_POINTS = 400;

export function downsample(series: readonly BacktestPoint[], max = MAX_SERIES_POINTS): BacktestPoint[] {
  if (series.length <= max) return [...series];
  const size = Math.ceil(series.length / max);
  const result: BacktestPoint[] = [];
  for (let start = 0; start < series.length; start += size) {
    let pick = series[start]!;
    for (let i = start + 1; i < Math.min(start + size, series.length); i++) {
      const point = series[i]!;
      if (
        point.healthFactor !== null &&
        (pick.healthFactor === null || point.healthFactor < pick.healthFactor)
      )
        pick = point;
    }
    result.push(pick);
  }
  return result;
}

const usd = (value: number) => `$${Math.round(value).toLocaleString("en-US")}`;
const usdCents = (value: number) =>
  `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const when = (iso: string) => `${iso.slice(0, 10)} at ${iso.slice(11, 16)} UTC`;
const steps = (n: number, action: string) => `${n} ${action}${n === 1 ? "" : "s"}`;

const ACTION_WORD: Record<RuleCreate["action"]["type"], string> = {
  repay: "repay",
  supply_collateral: "supply",
  rebalance: "rebalance",
  notify: "notification",
};

/** The one-line answer: did the rule change the outcome, at what cost. */
export function verdict(
  label: string,
  rule: RuleCreate,
  without: ReplayResult,
  withRule: ReplayResult,
): string {
  const a = without.summary;
  const b = withRule.summary;
  const word = ACTION_WORD[rule.action.type];
  const cost = `${steps(b.executed || b.proposals, word)}${b.gasSpentUsd > 0 ? ` costing ${usdCents(b.gasSpentUsd)} in gas` : ""}`;
  if (a.liquidations > 0 && b.liquidations === 0) {
    return `With this rule, your position would have survived ${label} with ${cost}; without it, it was liquidated on ${when(a.firstLiquidationAt!)}, losing ${usd(a.bonusLostUsd)} to the liquidation bonus.`;
  }
  if (a.liquidations > 0 && b.liquidations > 0) {
    return `Liquidated in ${label} with and without this rule: with it on ${when(b.firstLiquidationAt!)} (${usd(b.bonusLostUsd)} lost to the bonus), without it on ${when(a.firstLiquidationAt!)} (${usd(a.bonusLostUsd)}).`;
  }
  if (a.liquidations === 0 && b.liquidations > 0) {
    return `This rule made ${label} worse: with it the position was liquidated on ${when(b.firstLiquidationAt!)}, without it not at all.`;
  }
  if (b.proposals === 0)
    return `No liquidation in ${label} with or without this rule, and the rule never fired.`;
  return `No liquidation in ${label} with or without this rule; it fired ${steps(b.proposals, "time")}${b.gasSpentUsd > 0 ? ` (${usdCents(b.gasSpentUsd)} in gas)` : ""}, ending at ${usd(b.endValueUsd)} against ${usd(a.endValueUsd)} without it.`;
}

/** Above this many proposals per 30 days (and at least 5) a rule interrupts more than it protects. */
export const NOISY_PROPOSALS_PER_30_DAYS = 10;
const MIN_NOISY_PROPOSALS = 5;

/** What the user did not ask but needs: a noisy rule, a target the drop went through, steps the wallet could not pay. */
export function notes(
  label: string,
  hours: number,
  rule: RuleCreate,
  withRule: ReplayResult,
  signDelayMinutes: number,
): string[] {
  const result: string[] = [];
  const days = hours / 24;
  const { proposals } = withRule.summary;
  if (proposals >= MIN_NOISY_PROPOSALS && proposals > (NOISY_PROPOSALS_PER_30_DAYS * days) / 30) {
    const span = days < 2 ? `${hours} hours` : `${Math.round(days)} days`;
    result.push(
      `this rule would have fired ${proposals} times in ${span}: too noisy to approve each time (a lower trigger or a longer cooldown)`,
    );
  }
  const target = "targetHealthFactor" in rule.action ? rule.action.targetHealthFactor : null;
  // Event order, not timestamps: a liquidation is stamped at the hour it happened, a repay at its minute.
  const liquidationIndex = withRule.events.findIndex((e) => e.type === "liquidation");
  const liquidation = withRule.events[liquidationIndex];
  const lastStep = withRule.events
    .slice(0, Math.max(0, liquidationIndex))
    .findLast((e) => e.type === "executed");
  if (target !== null && liquidation && lastStep?.healthFactor && liquidation.healthFactorBefore) {
    // HF scales with the prices after the step: the step's HF × (the liquidation's HF / the step's HF) < 1.
    const needed = lastStep.healthFactor / liquidation.healthFactorBefore;
    result.push(
      `the target HF ${target} is below what ${label}'s drop needed: about ${(Math.ceil(needed * 100 - 0.01) / 100).toFixed(2)} would have kept the position above 1`,
    );
  }
  const unfunded = withRule.events.filter(
    (e: BacktestEvent) => e.type === "skipped" && /could not be funded|wallet holds no/.test(e.message),
  ).length;
  if (unfunded > 0) {
    result.push(
      `${steps(unfunded, "step")} could not be paid from what the wallet holds: the rule needs funds there to act`,
    );
  }
  if (rule.trigger.type === "risk_above") {
    result.push("liquidation-risk triggers are not replayed: the forecast needs the live oracle history");
  }
  const expired = withRule.events.some(
    (e) => e.type === "skipped" && /expired before it was signed/.test(e.message),
  );
  if (expired) {
    result.push(
      `a signature ${signDelayMinutes} minutes after the proposal comes after the rule's proposal expiry`,
    );
  }
  return result;
}
