import { z } from "zod";

// GET/PUT /me/settings: the user's preferences, kept in their Durable Object.

/** The health factor under which the monitoring loop raises a `risk_alert` (the seed's 1.3). */
export const DEFAULT_ALERT_THRESHOLD = 1.3;

export const alertThresholdSchema = z
  .number({ error: "alertThreshold must be a number" })
  .min(1.01, { error: "alertThreshold must be at least 1.01 (at 1.0 the position is already liquidatable)" })
  .max(5, { error: "alertThreshold must be at most 5" })
  .describe("raise a risk alert when the health factor falls below this");

export const userSettingsSchema = z.object({
  alertThreshold: alertThresholdSchema,
});

/** PUT replaces the settings: every field, nothing unknown. */
export const userSettingsUpdateSchema = z.strictObject({
  alertThreshold: alertThresholdSchema,
});

export const DEFAULT_USER_SETTINGS: UserSettings = { alertThreshold: DEFAULT_ALERT_THRESHOLD };

export type UserSettings = z.infer<typeof userSettingsSchema>;
