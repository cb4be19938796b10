import { z } from "zod";
import { addressSchema, isoDateTimeSchema, plainTextSchema } from "./common";
import { watchStatusSchema } from "./watchStatus";

/**
 * Watch-only accounts: addresses a user watches without signing with them (a second wallet, a multisig, a friend's
 * position). Vigil monitors each like the user's own wallet (alerts escalate the same way and name the account) but
 * never proposes transactions for them: only the signed-in wallet can sign.
 */

/** A name the user gives a watched account ("Treasury multisig"). */
export const watchedLabelSchema = plainTextSchema
  .trim()
  .min(1, { error: "must not be empty" })
  .max(40, { error: "must be at most 40 characters" });

/** Alerts below this health factor (as for the user's own wallet: above 1, at most 10). */
export const watchedThresholdSchema = z.number().gt(1).max(10);

/** POST /me/watched */
export const watchedAccountInputSchema = z
  .strictObject({
    address: addressSchema,
    label: watchedLabelSchema.optional(),
    /** Alerts below this health factor; default: the user's own alert threshold. */
    alertThreshold: watchedThresholdSchema.optional(),
  })
  .meta({ id: "WatchedAccountInput" });
export type WatchedAccountInput = z.input<typeof watchedAccountInputSchema>;

/** PATCH /me/watched/{address}: rename (null removes the name) or move the alert threshold. */
export const watchedAccountUpdateSchema = z
  .strictObject({
    label: watchedLabelSchema.nullable().optional(),
    alertThreshold: watchedThresholdSchema.optional(),
  })
  .refine((patch) => patch.label !== undefined || patch.alertThreshold !== undefined, {
    error: "name at least one of label, alertThreshold",
  })
  .meta({ id: "WatchedAccountUpdate" });
export type WatchedAccountUpdate = z.infer<typeof watchedAccountUpdateSchema>;

export const watchedAccountSchema = z
  .object({
    address: addressSchema,
    label: z.string().nullable(),
    alertThreshold: z.number(),
    addedAt: isoDateTimeSchema,
    /**
     * How well the account is watched (in the listing): its last and next check and each chain's status. null: its
     * watch could not be asked just now (ask again).
     */
    watch: watchStatusSchema.nullable().optional(),
  })
  .meta({ id: "WatchedAccount" });
export type WatchedAccount = z.infer<typeof watchedAccountSchema>;

/** GET /me/watched */
export const watchedAccountsSchema = z
  .object({
    accounts: z.array(watchedAccountSchema),
    /** How many the user's plan allows; null = unlimited. */
    limit: z.number().int().nonnegative().nullable(),
  })
  .meta({ id: "WatchedAccounts" });
export type WatchedAccounts = z.infer<typeof watchedAccountsSchema>;

/**
 * A part of a watched account's watch that stopped (`failing`) or works again (`recovered`), as its watch object
 * hands it to the owner's: `key` is the watch object's own (`task:<name>`, a scheduled task; `chain:<id>`, a chain
 * not read).
 */
export const watchedProblemSchema = z.object({
  // At most 48: the owner keys it `watched:<address>:<key>`, within the notice's 100.
  key: z.string().regex(/^[a-z0-9_:-]{1,48}$/),
  state: z.enum(["failing", "recovered"]),
});
export type WatchedProblem = z.infer<typeof watchedProblemSchema>;
