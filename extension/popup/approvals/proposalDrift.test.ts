import { describe, expect, it } from "vitest";
import { proposalDrift } from "./proposalDrift";

const NOW = Date.parse("2026-12-03T12:00:00.000Z");
const preview = (before: number | null) => ({
  healthFactor: { before, after: 1.6 },
  simulation: { ok: true, blockNumber: "154", simulatedAt: "2026-12-03T11:56:00.000Z", gasUsed: [] },
});

describe("a proposal's figures against the health factor now", () => {
  it("says nothing while they agree", () => {
    expect(proposalDrift(preview(1.05), 1.05, NOW)).toBeNull();
    expect(proposalDrift(preview(1.05), 1.055, NOW)).toBeNull();
    expect(proposalDrift(preview(null), 1.05, NOW)).toBeNull();
    expect(proposalDrift(preview(1.05), null, NOW)).toBeNull();
  });

  it("after a liquidation or a price move, says when and at what HF it was worked out", () => {
    // Devnet: proposed at HF 1.05, then the position was liquidated down to HF 1.03 and the card still said 1.05.
    expect(proposalDrift(preview(1.05), 0.95, NOW)).toBe(
      "Worked out 4 min ago at HF 1.05; your position is now liquidatable (health factor below 1). Vigil simulates it again before you sign.",
    );
    expect(proposalDrift(preview(1.05), 1.2, NOW)).toBe(
      "Worked out 4 min ago at HF 1.05; your health factor is now 1.20. Vigil simulates it again before you sign.",
    );
  });

  it("a liquidation that halved the debt but moved HF only 1.05 → 1.03 counts", () => {
    expect(proposalDrift(preview(1.05), 1.0337, NOW)).toBe(
      "Worked out 4 min ago at HF 1.05; your health factor is now 1.03. Vigil simulates it again before you sign.",
    );
  });

  it("a small move across 1 counts", () => {
    expect(proposalDrift(preview(1.005), 0.999, NOW)).toContain("your position is now liquidatable");
  });
});
