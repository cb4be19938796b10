import { z } from "zod";
import { transactionSchema } from "../../../shared/schemas/transactions";

/**
 * What the background answers when the in-page script asks "what would this transaction do to my account?"
 * (`preview/aaveTransaction`). `none`: not an Aave Pool call Vigil understands; the request goes on untouched.
 */
const riskPointSchema = z.object({
  probability: z.number().min(0).max(1),
  band: z.enum(["low", "medium", "high"]),
});

export const aavePoolActionSchema = z.enum(["supply", "borrow", "withdraw", "repay"]);
export type AavePoolAction = z.infer<typeof aavePoolActionSchema>;

/**
 * Why the card stops the user before the wallet: the call would leave HF < 1 (`liquidatable`; the Pool refuses a
 * borrow or withdraw there) or below the user's alert threshold (`belowAlert`). null: nothing to stop.
 */
export const presignBlockSchema = z.enum(["liquidatable", "belowAlert"]).nullable();
export type PresignBlock = z.infer<typeof presignBlockSchema>;

export const presignPreviewSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({
    kind: z.literal("aave"),
    action: aavePoolActionSchema,
    symbol: z.string().nullable().describe("null when Vigil does not know the asset"),
    /** Whole tokens; null for "everything" (uint256 max) or an unknown asset. */
    amount: z.number().nullable(),
    amountUsd: z.number().nullable(),
    /**
     * null: no debt. `after` is "unknown" when Vigil cannot work the call out (an asset it has no price for, or
     * another account than the watched one): never null there, which would read as "no debt".
     */
    healthFactor: z.object({
      before: z.number().nullable(),
      after: z.union([z.number(), z.null(), z.literal("unknown")]),
    }),
    risk: z.object({
      horizon: z.enum(["24h", "7d"]),
      before: riskPointSchema.nullable(),
      after: riskPointSchema.nullable(),
    }),
    /** The user's alert threshold the preview was judged against. */
    alertThreshold: z.number(),
    block: presignBlockSchema,
    /** Why part of the preview is missing, in words (e.g. "not the account Vigil watches"). */
    note: z.string().nullable(),
  }),
]);
export type PresignPreview = z.infer<typeof presignPreviewSchema>;
export type AavePresignPreview = Extract<PresignPreview, { kind: "aave" }>;

/** Background → extension pages (runtime.sendMessage broadcast): a proposal changed (live tx_update). */
export const approvalUpdatedSchema = z.object({
  type: z.literal("approvals/updated"),
  transaction: transactionSchema,
});
export type ApprovalUpdated = z.infer<typeof approvalUpdatedSchema>;
