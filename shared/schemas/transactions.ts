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
  // A decline in the wallet is no status change: the proposal stays approved and re-signable (declinedStep).
  approved: ["submitted", "rejected", "expired"],
  submitted: ["confirmed", "failed"],
  // submitted again: a reorganisation of the chain removed its transactions (the receipt watcher looks again).
  confirmed: ["submitted"],
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

const rawAmount = z.string().regex(/^\d+$/).describe("exact integer units as a decimal string");

/** What the approval page shows about a proposal: filled by the automation loop when it builds one. */
export const transactionPreviewSchema = z
  .object({
    action: z.enum(["rebalance", "repay", "supply_collateral"]),
    /** Why the rule fired, e.g. "USDC supply APY on Aave is 2.10 %, below 4 %". */
    reason: z.string(),
    asset: z.string(),
    amount: z.number().describe("whole tokens"),
    amountRaw: rawAmount,
    amountUsd: z.number(),
    gas: z.object({
      gasLimit: rawAmount.describe("sum over the steps"),
      maxFeePerGas: rawAmount.describe("wei (EIP-1559)"),
      maxPriorityFeePerGas: rawAmount.describe("wei (EIP-1559)"),
      costEth: z.number().describe("gasLimit × maxFeePerGas, in ETH: the most it can cost"),
      costUsd: z.number(),
    }),
    healthFactor: z.object({ before: z.number().nullable(), after: z.number().nullable() }),
    risk: z.object({
      horizon: z.enum(["24h", "7d"]),
      before: z.number().min(0).max(1).nullable(),
      after: z.number().min(0).max(1).nullable(),
      /** What the numbers cannot see, e.g. a price feed that could not be read (absent: nothing to say). */
      note: z.string().max(500).optional(),
    }),
    simulation: z.object({
      ok: z.boolean(),
      blockNumber: rawAmount,
      simulatedAt: isoDateTimeSchema,
      gasUsed: z.array(rawAmount),
    }),
    /**
     * The health factor read from the chain at the last re-simulation (as the approval page opens, and right before
     * the wallet does), what this amount does to it now, and the risk forecast on those figures; `healthFactor` and
     * `risk` above stay what the proposal was worked out with. Absent until the first re-simulation.
     */
    recheck: z
      .object({
        blockNumber: rawAmount,
        checkedAt: isoDateTimeSchema,
        healthFactor: z.object({ before: z.number().nullable(), after: z.number().nullable() }),
        /**
         * The liquidation risk over `risk.horizon` on the same figures, from the same price history as every
         * forecast; absent when it could not be computed then (the page says the one worked out is old).
         */
        risk: z
          .object({
            before: z.number().min(0).max(1).nullable(),
            after: z.number().min(0).max(1).nullable(),
          })
          .optional(),
      })
      .optional(),
  })
  .meta({ id: "TransactionPreview" });
export type TransactionPreview = z.infer<typeof transactionPreviewSchema>;

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
    declinedStep: z
      .number()
      .int()
      .min(0)
      .nullable()
      // Absent in proposals cached by an older build: never declined.
      .default(null)
      .meta({
        description:
          "The step (from 0) the wallet last declined while the proposal stays open to sign again; `txHashes` then " +
          "holds the earlier steps, verified mined on the chain, and signing resumes after them. Null otherwise.",
      }),
    preview: transactionPreviewSchema.nullable(),
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

/**
 * POST /transactions/:id/submitted: the hashes the wallet returned, exactly one per step, in step order. The
 * server matches each to its step on the chain (shared/automation/matchStepTransaction.ts) before accepting.
 */
export const transactionSubmittedSchema = z
  .strictObject({
    txHashes: z
      .array(txHashSchema)
      .min(1, { error: "send at least one transaction hash" })
      .max(10, { error: "at most 10 hashes" }),
  })
  .meta({ id: "TransactionSubmitted" });
export type TransactionSubmitted = z.infer<typeof transactionSubmittedSchema>;

/**
 * POST /transactions/:id/wallet-rejected: the wallet answered "declined" (EIP-1193 4001) for step `stepIndex`
 * (from 0). `txHashes` are the hashes of the steps before it, one each in order (none for the first step): each
 * must be that step, mined successfully, for the proposal to resume after them.
 */
export const transactionWalletRejectedSchema = z
  .strictObject({
    stepIndex: z
      .number({ error: "must be a number" })
      .int({ error: "must be a whole number" })
      .min(0, { error: "must be at least 0" })
      .max(9, { error: "must be at most 9" }),
    txHashes: z.array(txHashSchema).max(9, { error: "at most 9 hashes" }).default([]),
  })
  .meta({ id: "TransactionWalletRejected" });
export type TransactionWalletRejected = z.infer<typeof transactionWalletRejectedSchema>;

/** POST /transactions/:id/simulate: the proposal re-simulated against the chain right now. */
export const transactionSimulationSchema = z
  .object({
    ok: z.literal(true),
    transaction: transactionSchema,
  })
  .meta({ id: "TransactionSimulation" });
export type TransactionSimulation = z.infer<typeof transactionSimulationSchema>;
