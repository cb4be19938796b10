import { type Transaction, transactionSchema } from "../../shared/schemas/transactions";

export const PROPOSAL_IDS = {
  repay: "5b1d7d8e-3c1a-4f7e-9d55-0a1b2c3d4e5f",
  supply: "6c2e8e9f-4d2b-4a8f-8e66-1b2c3d4e5f60",
  rebalance: "7d3f9fa0-5e3c-4b90-9f77-2c3d4e5f6071",
} as const;

/** A proposal as the API sends it (validated, so tests cannot drift from the schema). For tests only. */
export function proposal(overrides: Partial<Transaction> = {}): Transaction {
  return transactionSchema.parse({
    id: PROPOSAL_IDS.repay,
    ruleId: null,
    status: "pending",
    chainId: 31337,
    title: "Repay 500 DAI on Aave",
    steps: [
      {
        chainId: 31337,
        to: "0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2",
        data: "0x",
        description: "Repay 500 DAI",
      },
    ],
    txHashes: [],
    error: null,
    preview: null,
    createdAt: "2026-11-25T16:00:00.000Z",
    updatedAt: "2026-11-25T16:00:00.000Z",
    expiresAt: "2026-11-25T17:00:00.000Z",
    ...overrides,
  });
}
