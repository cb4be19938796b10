import { describe, expect, it } from "vitest";
import { findToken } from "../../shared/chains";
import { devnetChainConfig } from "../../shared/chains/devnet";
import { buildPreview, doneTitle, proposalTitle } from "./buildPreview";

const usdc = findToken(devnetChainConfig, "USDC")!;

describe("buildPreview", () => {
  it("turns the plan, its simulation and gas quote into what the approval page shows", () => {
    const now = Date.parse("2026-12-01T03:00:00.000Z");
    const preview = buildPreview({
      planned: {
        ok: true,
        plan: { action: "repay", token: usdc, amount: 1_234_500_000n },
        amountUsd: 1234.5,
        healthFactorBefore: 1.05,
        healthFactorAfter: 1.3,
        needed: 1_234_500_000n,
        change: { symbol: "USDC", collateralUsd: 0, debtUsd: -1234.5 },
        shortOfTarget: null,
      },
      prepared: {
        ok: true,
        steps: [],
        simulation: { ok: true, gasUsed: [46_000n, 180_000n], blockNumber: 77n },
        gas: {
          gasLimits: [59_800n, 234_000n],
          gasLimit: 293_800n,
          maxFeePerGas: 2_000_000_000n,
          maxPriorityFeePerGas: 1_000_000_000n,
          costEth: 0.0005876,
          costUsd: 1.97,
        },
      },
      token: usdc,
      reason: "health factor is 1.05, below 1.2",
      risk: { before: 0.4, after: 0.02 },
      now,
    });
    expect(preview).toEqual({
      action: "repay",
      reason: "health factor is 1.05, below 1.2",
      asset: "USDC",
      amount: 1234.5,
      amountRaw: "1234500000",
      amountUsd: 1234.5,
      gas: {
        gasLimit: "293800",
        maxFeePerGas: "2000000000",
        maxPriorityFeePerGas: "1000000000",
        costEth: 0.0005876,
        costUsd: 1.97,
      },
      healthFactor: { before: 1.05, after: 1.3 },
      risk: { horizon: "24h", before: 0.4, after: 0.02 },
      simulation: {
        ok: true,
        blockNumber: "77",
        simulatedAt: "2026-12-01T03:00:00.000Z",
        gasUsed: ["46000", "180000"],
      },
    });
    expect(proposalTitle(preview)).toBe("Repay 1,234.5 USDC on Aave");
  });
});

describe("proposalTitle and doneTitle", () => {
  it("say what each action does, in the product's words, amounts as on every screen (six decimals below 1)", () => {
    expect(proposalTitle({ action: "rebalance", amount: 0.123456789, asset: "wstETH" })).toBe(
      "Restake 0.123457 wstETH from Aave in EigenLayer",
    );
    expect(proposalTitle({ action: "supply_collateral", amount: 2, asset: "WETH" })).toBe(
      "Supply 2 WETH to Aave as collateral",
    );
    expect(doneTitle({ action: "rebalance" })).toBe("Rebalancing complete");
    expect(doneTitle({ action: "repay" })).toBe("Repayment complete");
    expect(doneTitle({ action: "supply_collateral" })).toBe("Collateral supplied");
    expect(doneTitle(null)).toBe("Transaction confirmed");
  });
});
