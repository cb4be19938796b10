import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { AaveAccount } from "../../../shared/schemas/portfolio";
import type { Transaction, TransactionPreview } from "../../../shared/schemas/transactions";
import { SupersededNotice, signLabel } from "../../approval/SupersededNotice";
import { proposal } from "../../background/proposal.fixture";
import { supersededProposals, supersededWords } from "../../ui/superseded";
import { RescueCard } from "../overview/RescueCard";
import { ApprovalsPanel } from "./ApprovalsPanel";

// The devnet borrower after WETH fell: 10 WETH at $2,000 (LT 0.825) against 17,000 DAI → HF 0.97.
const account = {
  protocol: "aave-v3",
  chainId: 31337,
  pool: "0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2",
  healthFactor: (20_000 * 0.825) / 17_000,
  healthFactorRaw: "970588235294117647",
  totalCollateralUsd: 20_000,
  totalDebtUsd: 17_000,
  availableBorrowsUsd: 0,
  ltv: 0.8,
  currentLiquidationThreshold: 0.825,
  eModeCategoryId: 0,
  isolationMode: false,
  supplies: [
    {
      symbol: "WETH",
      asset: "0x4200000000000000000000000000000000000006",
      decimals: 18,
      amount: 10,
      amountRaw: "10000000000000000000",
      amountUsd: 20_000,
      priceUsd: 2_000,
      supplyApy: 0.01,
      usedAsCollateral: true,
      ltv: 0.8,
      liquidationThreshold: 0.825,
      liquidationPriceUsd: null,
    },
  ],
  borrows: [
    {
      symbol: "DAI",
      asset: "0x6B175474E89094C44Da98b954EedeAC495271d0F",
      decimals: 18,
      amount: 17_000,
      amountRaw: "17000000000000000000000",
      amountUsd: 17_000,
      priceUsd: 1,
      borrowApy: 0.05,
    },
  ],
} as unknown as AaveAccount;

const preview = (before: number): TransactionPreview => ({
  action: "repay",
  reason: "health factor is 1.050, below 1.1",
  asset: "DAI",
  amount: 300,
  amountRaw: "300000000000000000000",
  amountUsd: 300,
  gas: { gasLimit: "300000", maxFeePerGas: "2", maxPriorityFeePerGas: "1", costEth: 0.0006, costUsd: 1.2 },
  healthFactor: { before, after: 1.6 },
  risk: { horizon: "24h", before: 0.3, after: 0.01 },
  simulation: { ok: true, blockNumber: "100", simulatedAt: "2026-12-03T11:56:00.000Z", gasUsed: ["46000"] },
});
// Worked out at HF 1.05 (a rule's repay), and the rescue's own, worked out at HF 0.97.
const stale: Transaction = proposal({ title: "Repay 300 DAI on Aave", preview: preview(1.05) });
const rescue: Transaction = proposal({
  id: "6c2e8e9f-4d2b-4a8f-8e66-1b2c3d4e5f60",
  title: "Repay 5,000 DAI on Aave",
  preview: { ...preview(0.97), amount: 5_000, amountUsd: 5_000 },
});

describe("a proposal worked out above HF 1 when the position is liquidatable", () => {
  it("is replaced by the rescue; the rescue's own proposal, worked out below 1, is not", () => {
    const found = supersededProposals([stale, rescue], [account]);
    expect(found.map((item) => item.proposal.id)).toEqual([stale.id]);
    // 16,500 / (17,000 − 300) = 0.988: signed now it leaves the position liquidatable.
    expect(found[0]?.ifSignedNow).toBeCloseTo(16_500 / 16_700, 9);
  });

  it("is not replaced while the position is above 1, or on another chain", () => {
    expect(supersededProposals([stale], [{ ...account, healthFactor: 1.02 }])).toEqual([]);
    expect(supersededProposals([stale], [{ ...account, chainId: 1 }])).toEqual([]);
  });

  it("says what it was worked out at and what signing it now would leave", () => {
    const [item] = supersededProposals([stale], [account]);
    if (!item) throw new Error("expected the stale proposal to be replaced");
    expect(supersededWords(item)).toBe(
      "“Repay 300 DAI on Aave” was worked out at HF 1.05, before your position became liquidatable. Signed now it would leave HF about 0.98: still liquidatable.",
    );
  });
});

describe("one thing to do at HF < 1", () => {
  const superseded = supersededProposals([stale], [account]);

  it("the rescue card leads and folds the earlier proposal under it, with Vigil's Reject", () => {
    const html = renderToStaticMarkup(
      createElement(RescueCard, { account, alertThreshold: 1.3, superseded }),
    );
    expect(html).toContain('data-testid="rescue-repay"');
    expect(html).toContain(`data-testid="superseded-proposal" data-proposal-id="${stale.id}"`);
    expect(html).toContain("Signed now it would leave HF about 0.98: still liquidatable.");
    expect(html).toContain('data-testid="superseded-reject"');
  });

  it("the approvals list marks it replaced: no 'Review and sign', the rescue first, Reject kept", () => {
    const html = renderToStaticMarkup(
      createElement(ApprovalsPanel, {
        pending: [stale, rescue],
        error: null,
        healthFactorOn: () => account.healthFactor,
        superseded,
        onShowRescue: () => undefined,
      }),
    );
    const [staleCard, rescueCard] = html.split('data-testid="approval"').slice(1);
    expect(staleCard).toContain('data-superseded="true"');
    expect(staleCard).toContain(
      "Replaced by the rescue: your position is liquidatable now. It was worked out at HF 1.05, before your position became liquidatable. Signed now it would leave HF about 0.98: still liquidatable.",
    );
    expect(staleCard).toContain('data-testid="approval-show-rescue"');
    expect(staleCard).toContain('data-testid="approval-reject"');
    expect(staleCard).not.toContain("Review and sign");
    // Its "1.05 → 1.60" is from before the fall: HF now and what signing would leave lead.
    expect(staleCard?.replace(/<[^>]+>/g, "")).toContain(
      "HF now Liquidatable → about 0.98 (worked out: 1.05 → 1.60)",
    );
    // Its risk forecast ("30 % → 1 %") was made above HF 1: not shown under "liquidatable now".
    expect(staleCard).not.toContain('data-testid="approval-risk"');
    // The rescue's own proposal is the thing to sign.
    expect(rescueCard).not.toContain("data-superseded");
    expect(rescueCard).toContain("Review and sign");
    expect(rescueCard).toContain('data-testid="approval-risk"');
  });
});

describe("the approval page of a replaced proposal", () => {
  const [item] = supersededProposals([stale], [account]);

  it("says the position is liquidatable and what signing this one would leave, before the wallet is asked", () => {
    if (!item) throw new Error("expected the stale proposal to be replaced");
    const html = renderToStaticMarkup(createElement(SupersededNotice, { superseded: item }));
    expect(html).toContain(
      "<strong>Your position is liquidatable now.</strong> It was worked out at HF 1.05, before your position became liquidatable.",
    );
    expect(html).toContain("Signed now it would leave HF about 0.98: still liquidatable.");
  });

  it("its button says Sign anyway; a proposal still in line says Sign", () => {
    expect(signLabel(false, true, "MetaMask")).toBe("Sign anyway with MetaMask");
    expect(signLabel(false, false, "MetaMask")).toBe("Sign with MetaMask");
    expect(signLabel(true, true, null)).toBe("Sign again with wallet");
  });
});
