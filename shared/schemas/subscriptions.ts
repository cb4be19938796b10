import { z } from "zod";
import { isoDateTimeSchema } from "./common";

export const tierSchema = z.enum(["free", "pro"]);
export type Tier = z.infer<typeof tierSchema>;

/** What each tier may do; `null` means unlimited. The single source for both the API and the extension's UI. */
export const TIER_LIMITS = {
  free: { maxRules: 3, maxWatchedAccounts: 2 },
  pro: { maxRules: null, maxWatchedAccounts: 20 },
} as const satisfies Record<Tier, SubscriptionLimits>;

export const subscriptionLimitsSchema = z.object({
  maxRules: z.number().int().nonnegative().nullable(),
  /** Watch-only accounts (shared/schemas/watchedAccounts.ts). Optional: clients may hold `me` payloads from before. */
  maxWatchedAccounts: z.number().int().nonnegative().nullable().optional(),
});
export type SubscriptionLimits = z.infer<typeof subscriptionLimitsSchema>;

export const subscriptionSchema = z
  .object({
    tier: tierSchema,
    limits: subscriptionLimitsSchema,
    periodStart: isoDateTimeSchema,
    periodEnd: isoDateTimeSchema.nullable(),
  })
  .meta({ id: "Subscription" });
export type Subscription = z.infer<typeof subscriptionSchema>;
