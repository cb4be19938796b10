import { z } from "zod";
import { type Transaction, transactionSchema } from "../../../shared/schemas/transactions";
import { storedItem } from "./storedItem";

/**
 * The proposals waiting for the user's signature, as the background last knew them: fetched over HTTP, then kept
 * current by the socket's tx_proposal / tx_update. The popup paints from it at once (stale while revalidating).
 * Holds proposals waiting for a signature (`pending`, or `approved` but never sent), newest first.
 */
export const pendingApprovalsCacheSchema = z.object({
  transactions: z.array(transactionSchema),
  /** When the list was last fetched in full (live changes merged since then do not move it). */
  fetchedAt: z.number().int(),
});
export type PendingApprovalsCache = z.infer<typeof pendingApprovalsCacheSchema>;

export const pendingApprovalsItem = storedItem(
  "vigil:pendingApprovals",
  pendingApprovalsCacheSchema.nullable(),
  null,
);

const expiresAtMs = (transaction: Transaction) =>
  transaction.expiresAt === null ? null : Date.parse(transaction.expiresAt);

/**
 * What may still be signed at `now`: the server marks proposals expired on its own schedule (and tells us over
 * the socket), so a cached one can be past its expiry before the news arrives.
 */
export function unexpiredProposals(transactions: Transaction[], now: number): Transaction[] {
  return transactions.filter((transaction) => {
    const expiresAt = expiresAtMs(transaction);
    return expiresAt === null || expiresAt > now;
  });
}

/** The next moment a listed proposal expires (after `now`), so a view can drop it then; null when none does. */
export function nextExpiry(transactions: Transaction[], now: number): number | null {
  const upcoming = transactions.map(expiresAtMs).filter((at): at is number => at !== null && at > now);
  return upcoming.length > 0 ? Math.min(...upcoming) : null;
}
