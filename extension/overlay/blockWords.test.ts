import { describe, expect, it } from "vitest";
import type { AavePresignPreview } from "../lib/messages/presignPreview";
import { blockWords, healthFactorChange, healthFactorFigure } from "./blockWords";

const preview = (over: Partial<AavePresignPreview>): AavePresignPreview => ({
  kind: "aave",
  action: "borrow",
  symbol: "DAI",
  amount: 300,
  amountUsd: 300,
  healthFactor: { before: 1.3, after: 1.28 },
  risk: { horizon: "24h", before: null, after: null },
  alertThreshold: 1.3,
  block: "belowAlert",
  note: null,
  ...over,
});

describe("the words of a blocked pre-sign card", () => {
  it("below 1 says liquidatable, with the HF never rounded up to 1.00", () => {
    const words = blockWords(preview({ healthFactor: { before: 1.3, after: 0.996 }, block: "liquidatable" }));
    expect(words?.title).toBe("This borrow would make your position liquidatable");
    expect(words?.reason).toContain("Health factor after: 0.99, below 1.");
  });

  it("below the alert names the user's threshold", () => {
    const words = blockWords(preview({ action: "withdraw" }));
    expect(words?.title).toBe("This withdrawal puts you below your 1.30 alert");
    expect(words?.reason).toContain("Health factor after: 1.28, under the 1.30 you asked");
  });

  it("never says the HF after equals the alert it falls under (1.2996 is not “1.30, under the 1.30”)", () => {
    const words = blockWords(preview({ healthFactor: { before: 1.4, after: 1.2986 } }));
    expect(words?.reason).toContain("Health factor after: 1.299, under the 1.30 you asked");
  });

  it("nothing when the card does not block", () => {
    expect(blockWords(preview({ block: null }))).toBeNull();
  });

  it("figures: two decimals, floored below 1", () => {
    expect(healthFactorFigure(0.999)).toBe("0.99");
    expect(healthFactorFigure(1.246)).toBe("1.25");
    expect(healthFactorFigure(250)).toBe("> 100");
  });

  it("the health-factor row says unknown, not “no debt”, when Vigil cannot work the call out", () => {
    // A borrow of an asset Vigil has no price for (the restaker borrowing DAI on the demo page: "1.93 → no debt").
    expect(
      healthFactorChange(preview({ healthFactor: { before: 1.93, after: "unknown" }, block: null })),
    ).toBe("1.93 → unknown");
    expect(healthFactorChange(preview({ healthFactor: { before: 1.3, after: null } }))).toBe(
      "1.30 → no debt",
    );
    expect(healthFactorChange(preview({ healthFactor: { before: 1.3, after: 0.996 } }))).toBe("1.30 → 0.99");
    // Under the user's alert, never rounded up to it: the badge on the same page says 1.2999 too.
    expect(healthFactorChange(preview({ healthFactor: { before: 1.29996, after: 1.2 } }))).toBe(
      "1.2999 → 1.20",
    );
    expect(
      healthFactorChange(preview({ healthFactor: { before: 1.29996, after: 1.2 }, alertThreshold: 1.25 })),
    ).toBe("1.30 → 1.20");
    expect(blockWords(preview({ healthFactor: { before: 1.3, after: "unknown" } }))).toBeNull();
  });
});
