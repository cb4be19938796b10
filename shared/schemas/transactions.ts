import { z } from "zod";
import { addressSchema, chainIdSchema, hexSchema, idSchema, isoDateTimeSchema, txHashSchema } from "./common";

export const transactionStatusSchema = z.enum([
  "pending",
  "approved",
  "submitted",
  "confirmed",
  "failed",
  "rejected",
  "expired",
]);
export type TransactionStatus = z.infer<typeof transactionStatusSchema>;

/** The lifecycle: which status may follow which. Terminal statuses map to nothing. */
export const TRANSACTION_TRANSITIONS = {
  pending: ["approved", "rejected", "expired"],
  approved: ["submitted", "rejected", "expired"],
  submitted: ["confirmed", "failed"],
  confirmed: [],
  failed: [],
  rejected: [],
  expired: [],
} as const satisfies Record<TransactionStatus, readonly TransactionStatus[]>;

export function canTransition(from: TransactionStatus, to: TransactionStatus): boolean {
  return (TRANSACTION_TRANSITIONS[from] as readonly TransactionStatus[]).includes(to);
}

/** One call the user's wallet will sign, with what the approval page shows about it. */
export const transactionStepSchema = z.object({
  chainId: chainIdSchema,
  to: addressSchema,
  data: hexSchema,
  value: z.string().regex(/^\d+$/, { error: "must be a decimal wei amount" }).default("0"),
  description: z.string(),
  gas: z.string().regex(/^\d+$/).optional().meta({ description: "gas limit (decimal)" }),
});
export type TransactionStep = z.infer<typeof transactionStepSchema>;

export const transactionSchema = z
  .object({
    id: idSchema,
    ruleId: idSchema.nullable(),
    status: transactionStatusSchema,
    chainId: chainIdSchema,
    title: z.string(),
    steps: z.array(transactionStepSchema),
    txHashes: z.array(txHashSchema),
    error: z.string().nullable(),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
    expiresAt: isoDateTimeSchema.nullable(),
  })
  .meta({ id: "Transaction" });
export type Transaction = z.infer<typeof transactionSchema>;

export const transactionListQuerySchema = z.strictObject({
  status: transactionStatusSchema.optional(),
  ruleId: idSchema.optional(),
  limit: z.coerce
    .number({ error: "must be a number" })
    .int()
    .min(1, { error: "must be at least 1" })
    .max(200, { error: "must be at most 200" })
    .default(50),
});
export type TransactionListQuery = z.infer<typeof transactionListQuerySchema>;

export const transactionListSchema = z
  .object({ transactions: z.array(transactionSchema) })
  .meta({ id: "TransactionList" });
export type TransactionList = z.infer<typeof transactionListSchema>;
