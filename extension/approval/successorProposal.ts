import type { Transaction } from "../../shared/schemas/transactions";
import { unexpiredProposals } from "../lib/storage/pendingApprovalsCache";

const OPEN = new Set<Transaction["status"]>(["pending", "approved"]);

/**
 * The proposal its rule made after this one, still waiting for a signature: what a user looking at an expired (or
 * rejected, withdrawn) proposal should open instead. Null while this one can still be signed, for a proposal of no
 * rule, or when the rule has proposed nothing since.
 */
export function successorProposal(
  proposal: Transaction,
  waiting: readonly Transaction[],
  now: number,
): Transaction | null {
  const stillOpen =
    OPEN.has(proposal.status) && (proposal.expiresAt === null || Date.parse(proposal.expiresAt) > now);
  if (stillOpen || proposal.ruleId === null) return null;
  const later = unexpiredProposals([...waiting], now).filter(
    (t) =>
      t.id !== proposal.id &&
      t.ruleId === proposal.ruleId &&
      OPEN.has(t.status) &&
      Date.parse(t.createdAt) > Date.parse(proposal.createdAt),
  );
  return later.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0] ?? null;
}
