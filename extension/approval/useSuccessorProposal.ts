import { useEffect, useState } from "react";
import type { Transaction } from "../../shared/schemas/transactions";
import { pendingApprovalsItem } from "../lib/storage/pendingApprovalsCache";
import { successorProposal } from "./successorProposal";

/**
 * successorProposal over the background's list of waiting proposals, kept current as it changes (the page re-renders
 * each second while a countdown runs, so a proposal running out while the page is open is seen at once).
 */
export function useSuccessorProposal(proposal: Transaction | null): Transaction | null {
  const [waiting, setWaiting] = useState<Transaction[]>([]);
  useEffect(() => {
    const take = (cache: { transactions: Transaction[] } | null) => setWaiting(cache?.transactions ?? []);
    void pendingApprovalsItem.get().then(take);
    return pendingApprovalsItem.watch(take);
  }, []);
  return proposal ? successorProposal(proposal, waiting, Date.now()) : null;
}
