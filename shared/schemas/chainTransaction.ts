import { z } from "zod";
import { addressSchema, chainIdSchema, hexSchema, txHashSchema } from "./common";

/** `GET /chains/{chainId}/transactions/{hash}`: one transaction as the API's own node sees it. */
export const chainTransactionParamsSchema = z.object({
  chainId: z.coerce.number().pipe(chainIdSchema),
  hash: txHashSchema,
});

const decimalSchema = z.string().regex(/^\d+$/, { error: "must be a decimal integer" });

export const chainTransactionSchema = z
  .object({
    chainId: chainIdSchema,
    hash: txHashSchema,
    /** Null while the node does not know the hash (not broadcast yet, or never a transaction). */
    transaction: z
      .object({
        /** The chain id the transaction was signed for (null for legacy pre-EIP-155 ones). */
        chainId: chainIdSchema.nullable(),
        from: addressSchema,
        to: addressSchema.nullable(),
        input: hexSchema,
        value: decimalSchema,
        nonce: z.number().int().nonnegative(),
        blockNumber: decimalSchema.nullable(),
      })
      .nullable(),
    /** Null until mined. */
    receipt: z.object({ status: z.enum(["success", "reverted"]), blockNumber: decimalSchema }).nullable(),
  })
  .meta({ id: "ChainTransaction" });
export type ChainTransaction = z.infer<typeof chainTransactionSchema>;
