import { z } from "zod";
import { isoDateTimeSchema } from "./common";

export const tierSchema = z.enum(["free", "pro"]);
export type Tier = z.infer<typeof tierSchema>;

/** What each tier may do; `null` means unlimited. The single source for both the API and the extension's UI. */
export const TIER_LIMITS = {
  free: { maxRules: 3 },
  pro: { maxRules: null },
} as const satisfies Record<Tier, SubscriptionLimits>;

export const subscriptionLimitsSchema = z.object({
  maxRules: z.number().int().nonnegative().nullable(),
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
