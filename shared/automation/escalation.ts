import { HEALTH_FACTOR_WARNING_FROM } from "../words/healthFactorBand";
import { LIQUIDATION_HEALTH_FACTOR } from "../words/healthFactorText";

/**
 * How bad a position is, as a step on Aave's own scale: 0 fine (or no debt), 1 in Aave's red (HF < 1.1),
 * 2 liquidatable (HF < 1). A rule in its cooldown fires again once per step the position got worse since it
 * last fired: a cooldown must not silence a rule while the position slides towards liquidation.
 */
export type SeverityStep = 0 | 1 | 2;

export function severityStep(healthFactor: number | null): SeverityStep {
  if (healthFactor === null) return 0;
  if (healthFactor < LIQUIDATION_HEALTH_FACTOR) return 2;
  if (healthFactor < HEALTH_FACTOR_WARNING_FROM) return 1;
  return 0;
}

/** The step the position got worse to since `then`, or null when it did not (then unknown: no escalation). */
export function escalatedStep(then: number | null | undefined, now: number | null): SeverityStep | null {
  if (then === undefined) return null;
  const before = severityStep(then);
  const current = severityStep(now);
  return current > before ? current : null;
}

/** The idempotency key of a proposal that overrides the cooldown: one per rule, window and step. */
export function escalationKey(cooldownKey: string, step: SeverityStep): string {
  return `${cooldownKey}:escalated:${step}`;
}

/** When the rule's cooldown ends (ISO), or null when it never fired. */
export function cooldownUntil(lastExecutedAt: string | null, cooldownSeconds: number): string | null {
  if (lastExecutedAt === null) return null;
  return new Date(Date.parse(lastExecutedAt) + cooldownSeconds * 1000).toISOString();
}
