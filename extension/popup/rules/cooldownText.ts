import { formatClockTime } from "../../ui/format";

/**
 * "Cooling down until 14:32" while the rule's cooldown holds it back (a worse position still overrides it once
 * per severity step, on the API); null once it is over or when the rule never fired. A cooldown ending on
 * another day names the day, so "until 09:00" is never read as this morning.
 */
export function cooldownText(cooldownUntil: string | null, now: number): string | null {
  if (cooldownUntil === null) return null;
  const until = Date.parse(cooldownUntil);
  if (!Number.isFinite(until) || until <= now) return null;
  const sameDay = new Date(until).toDateString() === new Date(now).toDateString();
  const day = sameDay
    ? ""
    : `${new Date(until).toLocaleDateString("en-US", { month: "short", day: "numeric" })}, `;
  return `Cooling down until ${day}${formatClockTime(until)}`;
}
