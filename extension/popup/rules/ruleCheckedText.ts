import type { Rule } from "../../../shared/schemas/rules";
import { formatAge, formatUsd } from "../../ui/format";

/**
 * When the rule was last looked at, for its card. A sleeping rule (a health-factor line the market object watches
 * on every block) is evaluated only when its line is reached and hourly, so its last evaluation may be long ago
 * while it is watched: the card says that instead of an age that reads like neglect.
 */
export function ruleCheckedText(
  rule: Pick<Rule, "asleep" | "lastEvaluatedAt" | "trigger">,
  now: number,
): string {
  const trigger = rule.trigger;
  if (rule.asleep && trigger.type === "health_factor_below")
    return ` · watched every block for HF < ${trigger.value.toFixed(2)}`;
  if (rule.asleep && (trigger.type === "price_below" || trigger.type === "price_above"))
    return ` · watched every block for ${trigger.asset} ${trigger.type === "price_below" ? "<" : ">"} ${formatUsd(trigger.usd)}`;
  if (!rule.lastEvaluatedAt) return "";
  return ` · checked ${formatAge(now - Date.parse(rule.lastEvaluatedAt))}`;
}
