/**
 * The idempotency key of a rule's proposal: the rule and its trigger window. The window is the rule's
 * cooldown, so every run of the tick inside one window (an alarm retried by the platform, a tick cut off by
 * eviction and run again) names the same proposal and the transactions table's unique key stops a second one.
 */
export function proposalKey(ruleId: string, now: number, cooldownSeconds: number): string {
  const windowMs = Math.max(1, cooldownSeconds) * 1000;
  return `${ruleId}:${Math.floor(now / windowMs)}`;
}

/** Whether the rule's cooldown since its last execution has passed. */
export function cooldownElapsed(
  lastExecutedAt: string | null,
  cooldownSeconds: number,
  now: number,
): boolean {
  if (lastExecutedAt === null) return true;
  return now - Date.parse(lastExecutedAt) >= cooldownSeconds * 1000;
}
