import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { TransactionPreview } from "../../shared/schemas/transactions";
import { ProposalPreview } from "./ProposalPreview";

const preview: TransactionPreview = {
  action: "supply_collateral",
  reason: "liquidation risk over 24h is 12.00 %, above 10.00 %",
  asset: "WETH",
  amount: 2,
  amountRaw: "2000000000000000000",
  amountUsd: 7_000,
  gas: {
    gasLimit: "300000",
    maxFeePerGas: "2000000000",
    maxPriorityFeePerGas: "1000000",
    costEth: 0.0006,
    costUsd: 2.1,
  },
  healthFactor: { before: 1.2, after: 1.6 },
  risk: { horizon: "24h", before: 0.12, after: 0.01 },
  simulation: { ok: true, blockNumber: "100", simulatedAt: "2026-12-02T18:00:00.000Z", gasUsed: ["250000"] },
};

const render = (p: TransactionPreview) =>
  renderToStaticMarkup(createElement(ProposalPreview, { preview: p }));

describe("the approval page's preview", () => {
  it("shows what the risk numbers cannot see under them, as a sentence", () => {
    const html = render({
      ...preview,
      risk: {
        ...preview.risk,
        note: "the oracle's ETH prices could not be read for 2 h: this forecast uses the prices from before then",
      },
    });
    expect(html).toContain(
      'data-testid="approval-risk-note">The oracle&#x27;s ETH prices could not be read for 2 h: this forecast uses the prices from before then.</div>',
    );
  });

  it("says nothing more when the numbers stand on current prices", () => {
    const html = render(preview);
    expect(html).toContain('data-testid="approval-risk"><span>12 %</span>');
    expect(html).not.toContain("approval-risk-note");
  });

  it("a proposal the rescue replaces labels its HF and risk as from when it was worked out", () => {
    const html = renderToStaticMarkup(createElement(ProposalPreview, { preview, workedOutEarlier: true }));
    expect(html).toContain(
      'data-testid="approval-hf-label">Health factor when it was worked out (not now)</div>',
    );
    expect(html).toContain("Liquidation risk within 24h, as forecast then (not now)");
    expect(render(preview)).toContain('data-testid="approval-hf-label">Health factor</div>');
  });
});

describe("the approval page when the re-simulation as it opened was refused", () => {
  it("no longer calls the earlier simulation a success", () => {
    const html = renderToStaticMarkup(createElement(ProposalPreview, { preview, failsNow: true }));
    expect(html).toContain('data-ok="false"');
    expect(html).toMatch(/It went through when simulated at block \d+ \([^)]+\), not now: see below\./);
    expect(html).not.toContain("Simulation succeeded");
    expect(render(preview)).toContain("Simulation succeeded");
  });
});

describe("the approval page after a re-simulation (as the page or the wallet opens)", () => {
  const recheck = {
    blockNumber: "123",
    checkedAt: "2026-12-02T18:05:00.000Z",
    healthFactor: { before: 0.93, after: 0.97 },
  };

  it("shows the chain's health factor now, with what it was worked out with under it", () => {
    const html = render({ ...preview, recheck });
    expect(html).toMatch(/data-testid="approval-hf-label">Health factor on the chain \(read at block 123, /);
    expect(html).toContain('data-testid="approval-hf-worked-out">Worked out at HF 1.20 → 1.60.</div>');
    expect(html).toContain("Liquidation risk within 24h, as forecast then (not now)");
    // Where the chain reads as it did when worked out, the figures are said once.
    const same = render({ ...preview, recheck: { ...recheck, healthFactor: { before: 1.2, after: 1.6 } } });
    expect(same).not.toContain("approval-hf-worked-out");
    // Nor is the forecast called old: it was made on the figures the chain still has.
    expect(same).toContain('data-testid="approval-risk-label">Liquidation risk within 24h</div>');
  });

  it("with today's forecast on those figures shows it, and the one worked out under it when it reads differently", () => {
    const html = render({ ...preview, recheck: { ...recheck, risk: { before: 0.93, after: 0.41 } } });
    expect(html).toContain(
      'data-testid="approval-risk-label">Liquidation risk within 24h on those figures</div>',
    );
    expect(html).toContain('data-testid="approval-risk"><span>93 %</span>');
    expect(html).toContain("<strong>41 %</strong>");
    expect(html).toContain(
      'data-testid="approval-risk-worked-out">Forecast when worked out: 12 % → 1 %.</div>',
    );
    expect(html).not.toContain("as forecast then");
    // The same odds as worked out: said once.
    const same = render({ ...preview, recheck: { ...recheck, risk: { before: 0.12, after: 0.01 } } });
    expect(same).not.toContain("approval-risk-worked-out");
  });

  it("warns when signing now would leave the position liquidatable", () => {
    expect(render({ ...preview, recheck })).toContain(
      "Signed now, this leaves the health factor at 0.97: still liquidatable. The market moved since it was worked out.",
    );
    const lifted = render({
      ...preview,
      recheck: { ...recheck, healthFactor: { before: 1.1, after: 1.45 } },
    });
    expect(lifted).not.toContain("approval-hf-warning");
    expect(lifted).toContain("1.45");
    // A proposal the rescue replaced says it in its own notice (SupersededNotice): not twice on one page.
    const replaced = renderToStaticMarkup(
      createElement(ProposalPreview, { preview: { ...preview, recheck }, workedOutEarlier: true }),
    );
    expect(replaced).not.toContain("approval-hf-warning");
    expect(replaced).toMatch(
      /data-testid="approval-hf-label">Health factor on the chain \(read at block 123, /,
    );
  });
});
