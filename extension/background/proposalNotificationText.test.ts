import { describe, expect, it } from "vitest";
import type { TransactionPreview } from "../../shared/schemas/transactions";
import { proposal } from "./proposal.fixture";
import { proposalNotificationText } from "./proposalNotificationText";

const preview = (before: number | null, after: number | null): TransactionPreview => ({
  action: "repay",
  reason: "health factor is 1.12, below 1.25",
  asset: "DAI",
  amount: 500,
  amountRaw: "500000000000000000000",
  amountUsd: 500,
  gas: {
    gasLimit: "210000",
    maxFeePerGas: "2000000000",
    maxPriorityFeePerGas: "1000000000",
    costEth: 0.00042,
    costUsd: 1.26,
  },
  healthFactor: { before, after },
  risk: { horizon: "24h", before: 0.1, after: 0.01 },
  simulation: { ok: true, blockNumber: "12", simulatedAt: "2026-11-25T16:00:00.000Z", gasUsed: ["180000"] },
});

describe("proposalNotificationText", () => {
  it("leads with the health factor change, then the steps and the fee as money", () => {
    expect(proposalNotificationText(proposal({ preview: preview(1.1234, 1.5) }))).toBe(
      "HF 1.12 → 1.50 · Repay 500 DAI · network fee at most $1.26",
    );
  });

  it("says Liquidatable below 1 and No debt when a repay clears the debt", () => {
    expect(proposalNotificationText(proposal({ preview: preview(0.97, null) }))).toBe(
      "HF Liquidatable → No debt · Repay 500 DAI · network fee at most $1.26",
    );
  });

  it("falls back to the steps when the proposal has no preview", () => {
    expect(proposalNotificationText(proposal())).toBe("Repay 500 DAI");
    expect(proposalNotificationText(proposal({ steps: [] }))).toBe("Review it in Vigil.");
  });
});
