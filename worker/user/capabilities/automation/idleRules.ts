import type { Rule } from "../../../../shared/schemas/rules";

/**
 * When the automation loop may sleep like monitoring does (the hourly heartbeat) instead of ticking every 30 s:
 * only while nothing can happen to the rules that the chain's market object would not wake the user for. A
 * `health_factor_below` trigger is a health-factor line, which the market object turns into price levels
 * (worker/defi/market/wakeIndex.ts) exactly like the alert threshold; every other trigger (APY, risk, price) keeps
 * the 30 s loop.
 */

/** The health-factor lines the enabled rules need woken for, or null when some rule is not health-factor shaped. */
export function ruleLines(rules: readonly Rule[]): number[] | null {
  const lines: number[] = [];
  for (const rule of rules) {
    if (rule.trigger.type !== "health_factor_below") return null;
    lines.push(rule.trigger.value);
  }
  return lines;
}

/** The health-factor triggers among the enabled rules: lines the market object wakes the user at. */
export function healthFactorLines(rules: readonly Rule[]): number[] {
  return rules.flatMap((rule) => (rule.trigger.type === "health_factor_below" ? [rule.trigger.value] : []));
}

/** Changes whenever a rule that could fire does: a mark for one set of rules says nothing about another. */
export function rulesFingerprint(rules: readonly Rule[]): string {
  return rules
    .map((rule) => `${rule.id}@${rule.updatedAt}`)
    .sort()
    .join(",");
}

export interface IdleInput {
  /** The enabled rules. */
  rules: readonly Rule[];
  /** Proposals not yet ended: their expiry and receipts are the 30 s loop's to watch. */
  openTransactions: number;
  /** The rules whose last tick found every trigger idle (none holding, none cooling down), or null. */
  idleFor: string | null;
  /** Every chain's market object wakes this user on need, and no socket is open (monitoring's own condition). */
  wokenOnNeed: boolean;
  /** Whether every chain's registration with its market object carries these lines. */
  linesRegistered(lines: readonly number[]): boolean;
}

export function automationMayIdle(input: IdleInput): boolean {
  if (input.rules.length === 0 || input.openTransactions > 0 || !input.wokenOnNeed) return false;
  const lines = ruleLines(input.rules);
  if (lines === null) return false;
  return input.idleFor === rulesFingerprint(input.rules) && input.linesRegistered(lines);
}
