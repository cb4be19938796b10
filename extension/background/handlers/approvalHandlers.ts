import type { ApiClient } from "../apiClient";
import type { Approvals } from "../approvals";
import { endpoints } from "../endpoints";
import type { MessageHandlers } from "../router";

/** The approval page's requests: the proposal's lifecycle, and the chain's view of a sent step. */
export function createApprovalHandlers(
  api: ApiClient,
  approvals: Approvals,
): Pick<
  MessageHandlers,
  | "approvals/open"
  | "approvals/get"
  | "approvals/reject"
  | "approvals/simulate"
  | "approvals/approve"
  | "approvals/submitted"
  | "approvals/walletRejected"
  | "chain/transaction"
  | "rescue/propose"
> {
  return {
    "approvals/open": async ({ proposalId }) => {
      await approvals.open(proposalId);
      return { done: true };
    },
    "approvals/get": ({ proposalId }) => approvals.get(proposalId),
    "approvals/reject": async ({ proposalId }) => {
      await approvals.reject(proposalId);
      return { done: true };
    },
    "approvals/simulate": ({ proposalId }) => approvals.simulate(proposalId),
    "approvals/approve": ({ proposalId }) => approvals.approve(proposalId),
    "approvals/submitted": ({ proposalId, txHashes }) => approvals.submitted(proposalId, txHashes),
    "chain/transaction": ({ chainId, hash }) => api(endpoints.chainTransaction(chainId, hash)),
    "approvals/walletRejected": ({ proposalId, stepIndex, txHashes }) =>
      approvals.walletRejected(proposalId, stepIndex, txHashes),
    "rescue/propose": async ({ request }) => {
      const transaction = await api(endpoints.rescue(request));
      await approvals.open(transaction.id);
      return transaction;
    },
  };
}

/** The approvals module's view of the API: each proposal route, from the one endpoint table. */
export function approvalsApi(api: ApiClient) {
  return {
    fetchProposal: (proposalId: string) => api(endpoints.transaction(proposalId)),
    rejectProposal: async (proposalId: string) => {
      await api(endpoints.rejectTransaction(proposalId));
    },
    simulateProposal: (proposalId: string) => api(endpoints.simulateTransaction(proposalId)),
    approveProposal: (proposalId: string) => api(endpoints.approveTransaction(proposalId)),
    submitProposal: (proposalId: string, txHashes: string[]) =>
      api(endpoints.submittedTransaction(proposalId, txHashes)),
    walletRejectedProposal: (proposalId: string, stepIndex: number, txHashes: string[]) =>
      api(endpoints.walletRejectedTransaction(proposalId, stepIndex, txHashes)),
  };
}
