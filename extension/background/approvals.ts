import { browser } from "wxt/browser";
import type { Transaction } from "../lib/api/contract";

export interface ApprovalsHost {
  fetchProposal(proposalId: string): Promise<Transaction>;
  /** Tells the API the user rejected the proposal. */
  rejectProposal(proposalId: string): Promise<void>;
}

export interface Approvals {
  /** Opens the approval page for one proposal in a full tab (the wallet's window would close a popup). */
  open(proposalId: string): Promise<void>;
  get(proposalId: string): Promise<Transaction>;
  reject(proposalId: string): Promise<void>;
}

export function createApprovals(host: ApprovalsHost): Approvals {
  return {
    async open(proposalId) {
      const url = browser.runtime.getURL(`/approval.html#${encodeURIComponent(proposalId)}`);
      const [existing] = await browser.tabs.query({ url });
      if (existing?.id !== undefined) await browser.tabs.update(existing.id, { active: true });
      else await browser.tabs.create({ url });
    },
    get: (proposalId) => host.fetchProposal(proposalId),
    reject: (proposalId) => host.rejectProposal(proposalId),
  };
}
