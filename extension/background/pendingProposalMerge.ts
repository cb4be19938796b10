import type { Transaction } from "../../shared/schemas/transactions";

/**
 * What still waits for the user's signature: new proposals, and approved ones whose signing was abandoned
 * (the approval page closed before the wallet sent anything) — they would otherwise vanish until they expire.
 */
export const AWAITING_SIGNATURE: ReadonlySet<Transaction["status"]> = new Set(["pending", "approved"]);

/**
 * One live tx_proposal / tx_update folded into the waiting list (newest first). A proposal that no longer
 * waits for a signature (sent, rejected, expired…) leaves the list. News older than what the list holds (by updatedAt) changes nothing,
 * so replaying updates over a fresher HTTP answer is safe; applying the same update twice is a no-op.
 */
export function mergeProposal(list: Transaction[], update: Transaction): Transaction[] {
  const existing = list.find((transaction) => transaction.id === update.id);
  if (existing && Date.parse(existing.updatedAt) > Date.parse(update.updatedAt)) return list;
  if (!AWAITING_SIGNATURE.has(update.status))
    return list.filter((transaction) => transaction.id !== update.id);
  if (existing) return list.map((transaction) => (transaction.id === update.id ? update : transaction));
  return [update, ...list];
}
