import { browser } from "wxt/browser";
import type { Transaction } from "../lib/api/contract";
import type { ApprovalUpdated } from "../lib/messages";

/** The API's proposal lifecycle (POST /transactions/:id/…), as the approval page drives it. */
export interface ApprovalsHost {
  fetchProposal(proposalId: string): Promise<Transaction>;
  /** Tells the API the user rejected the proposal. */
  rejectProposal(proposalId: string): Promise<void>;
  /** Re-simulates against the chain now; the API refuses (409) a proposal that went stale or expired. */
  simulateProposal(proposalId: string): Promise<Transaction>;
  approveProposal(proposalId: string): Promise<Transaction>;
  /** The hashes the wallet returned, one per step, in order: the API then watches the receipts. */
  submitProposal(proposalId: string, txHashes: string[]): Promise<Transaction>;
  /**
   * The wallet declined step `stepIndex` (`txHashes`: the steps before it): the proposal stays open to sign again,
   * and says so.
   */
  walletRejectedProposal(proposalId: string, stepIndex: number, txHashes: string[]): Promise<Transaction>;
}

export interface Approvals {
  /** Opens the approval page for one proposal in a full tab (the wallet's window would close a popup). */
  open(proposalId: string): Promise<void>;
  get(proposalId: string): Promise<Transaction>;
  reject(proposalId: string): Promise<void>;
  simulate(proposalId: string): Promise<Transaction>;
  approve(proposalId: string): Promise<Transaction>;
  submitted(proposalId: string, txHashes: string[]): Promise<Transaction>;
  walletRejected(proposalId: string, stepIndex: number, txHashes: string[]): Promise<Transaction>;
  /** A live tx_proposal / tx_update: open approval pages follow the status without polling. */
  onUpdate(transaction: Transaction): Promise<void>;
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
    simulate: (proposalId) => host.simulateProposal(proposalId),
    approve: (proposalId) => host.approveProposal(proposalId),
    submitted: (proposalId, txHashes) => host.submitProposal(proposalId, txHashes),
    walletRejected: (proposalId, stepIndex, txHashes) =>
      host.walletRejectedProposal(proposalId, stepIndex, txHashes),
    async onUpdate(transaction) {
      const message: ApprovalUpdated = { type: "approvals/updated", transaction };
      // Rejects with "Receiving end does not exist" when no Vigil page is open: nothing to tell then.
      await browser.runtime.sendMessage(message).catch(() => undefined);
    },
  };
}
