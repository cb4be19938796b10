import { z } from "zod";

/** The seed's automation period. */
export const AUTOMATION_INTERVAL_MS = 30_000;

const secondsSchema = z.coerce.number().int().min(1).max(3600);

/**
 * The automation period from the optional AUTOMATION_INTERVAL_SECONDS var (the e2e stack sets a few seconds).
 * A value that is not a whole number of seconds in 1-3600 is reported and the seed's 30 s kept.
 */
export function automationIntervalMs(
  seconds: string | undefined,
  log: (event: Record<string, unknown>) => void,
): number {
  if (seconds === undefined) return AUTOMATION_INTERVAL_MS;
  const parsed = secondsSchema.safeParse(seconds);
  if (parsed.success) return parsed.data * 1000;
  log({
    level: "warn",
    msg: "AUTOMATION_INTERVAL_SECONDS ignored: not a whole number 1-3600",
    value: seconds,
  });
  return AUTOMATION_INTERVAL_MS;
}
