import { describe, expect, it } from "vitest";
import { presignBlock } from "./presignBlock";

describe("when the pre-sign card blocks", () => {
  it("a borrow or withdraw leaving HF below 1 is liquidatable", () => {
    expect(presignBlock("borrow", 0.97, 1.3)).toBe("liquidatable");
    expect(presignBlock("withdraw", 0, 1.3)).toBe("liquidatable");
  });

  it("one leaving HF at or above 1 but below the alert threshold is below the alert", () => {
    expect(presignBlock("borrow", 1, 1.3)).toBe("belowAlert");
    expect(presignBlock("withdraw", 1.29, 1.3)).toBe("belowAlert");
  });

  it("at or above the threshold, or with no debt after, nothing blocks", () => {
    expect(presignBlock("borrow", 1.3, 1.3)).toBeNull();
    expect(presignBlock("withdraw", null, 1.3)).toBeNull();
  });

  it("a supply or repay is the way out and never blocks, even if HF stays below 1", () => {
    expect(presignBlock("repay", 0.9, 1.3)).toBeNull();
    expect(presignBlock("supply", 0.5, 1.3)).toBeNull();
  });
});
