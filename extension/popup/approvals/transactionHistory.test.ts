import { describe, expect, it } from "vitest";
import { withdrawnError } from "../../../shared/automation/withdrawn";
import { PROPOSAL_IDS, proposal } from "../../background/proposal.fixture";
import { historyRows } from "./transactionHistory";

const HASH = `0x${"ab".repeat(32)}` as const;

describe("transaction history", () => {
  it("lists every proposal, newest change first, with its final state in words", () => {
    const rows = historyRows([
      proposal({ id: PROPOSAL_IDS.repay, status: "expired", updatedAt: "2026-11-25T17:00:00.000Z" }),
      proposal({
        id: PROPOSAL_IDS.supply,
        status: "failed",
        error: "execution reverted",
        updatedAt: "2026-11-25T18:00:00.000Z",
      }),
      proposal({ id: PROPOSAL_IDS.rebalance, status: "pending", updatedAt: "2026-11-25T16:00:00.000Z" }),
    ]);
    expect(rows.map((row) => [row.id, row.label, row.tone])).toEqual([
      [PROPOSAL_IDS.supply, "Failed", "danger"],
      [PROPOSAL_IDS.repay, "Expired", "muted"],
      [PROPOSAL_IDS.rebalance, "Waiting for approval", "info"],
    ]);
    expect(rows[0]?.error).toBe("execution reverted");
  });

  it("says a proposal Vigil withdrew (its rule stopped) as withdrawn, not as the user's rejection, and not in red", () => {
    const [withdrawn, rejected, failed] = historyRows([
      proposal({
        id: PROPOSAL_IDS.repay,
        status: "rejected",
        error: withdrawnError('you paused its rule "Keep HF up"'),
        updatedAt: "2026-11-25T18:00:00.000Z",
      }),
      proposal({ id: PROPOSAL_IDS.supply, status: "rejected", updatedAt: "2026-11-25T17:00:00.000Z" }),
      proposal({
        id: PROPOSAL_IDS.rebalance,
        status: "failed",
        error: "step 2 reverted on-chain",
        updatedAt: "2026-11-25T16:00:00.000Z",
      }),
    ]);
    expect(withdrawn).toMatchObject({
      label: "Withdrawn",
      tone: "muted",
      error: 'You paused its rule "Keep HF up" before approving it. Nothing was signed.',
      errorTone: "muted",
    });
    expect(rejected).toMatchObject({ label: "Rejected", error: null });
    expect(failed).toMatchObject({ label: "Failed", errorTone: "danger" });
  });

  it("links hashes to the chain's explorer, and leaves devnet hashes unlinked", () => {
    const [mainnet] = historyRows([
      proposal({
        status: "confirmed",
        chainId: 1,
        steps: proposal().steps.map((step) => ({ ...step, chainId: 1 })),
        txHashes: [HASH],
      }),
    ]);
    expect(mainnet?.hashes).toEqual([{ hash: HASH, url: `https://etherscan.io/tx/${HASH}` }]);
    const [devnet] = historyRows([proposal({ status: "confirmed", txHashes: [HASH] })]);
    expect(devnet?.hashes).toEqual([{ hash: HASH, url: null }]);
  });
});
