import { describe, expect, it } from "vitest";
import { mergeProposal } from "./pendingProposalMerge";
import { PROPOSAL_IDS, proposal } from "./proposal.fixture";

const repay = proposal();
const supply = proposal({ id: PROPOSAL_IDS.supply, title: "Supply 1 WETH on Aave" });
const later = "2026-11-25T16:05:00.000Z";

describe("mergeProposal", () => {
  it("adds a new proposal first (the list is newest first)", () => {
    expect(mergeProposal([repay], supply).map((tx) => tx.id)).toEqual([
      PROPOSAL_IDS.supply,
      PROPOSAL_IDS.repay,
    ]);
  });

  it("adds an update of an unknown proposal that is still pending", () => {
    const resimulated = proposal({ id: PROPOSAL_IDS.supply, updatedAt: later });
    expect(mergeProposal([repay], resimulated)).toEqual([resimulated, repay]);
  });

  it("replaces a proposal in place with its newer state", () => {
    const retitled = proposal({ title: "Repay 600 DAI on Aave", updatedAt: later });
    expect(mergeProposal([supply, repay], retitled)).toEqual([supply, retitled]);
  });

  it("keeps an approved proposal: the user may have closed the approval page before signing", () => {
    const approved = proposal({ status: "approved", updatedAt: later });
    expect(mergeProposal([supply, repay], approved)).toEqual([supply, approved]);
  });

  it.each(["submitted", "confirmed", "failed", "rejected", "expired"] as const)(
    "removes a proposal once it is %s",
    (status) => {
      expect(mergeProposal([supply, repay], proposal({ status, updatedAt: later }))).toEqual([supply]);
    },
  );

  it("ignores a finished proposal it never listed", () => {
    expect(mergeProposal([supply], proposal({ status: "confirmed", updatedAt: later }))).toEqual([supply]);
  });

  it("does not duplicate a proposal delivered twice", () => {
    const once = mergeProposal([], repay);
    expect(mergeProposal(once, repay)).toEqual([repay]);
  });

  it("keeps a newer listed state over older news", () => {
    const fresher = proposal({ title: "Repay 600 DAI on Aave", updatedAt: later });
    expect(mergeProposal([fresher], repay)).toEqual([fresher]);
    expect(mergeProposal([fresher], proposal({ status: "expired" }))).toEqual([fresher]);
  });
});
