import { describe, expect, it } from "vitest";
import { withdrawnBecause, withdrawnError } from "./withdrawn";

describe("a withdrawn proposal's error", () => {
  it("reads back the clause it was written with, and nothing from other errors", () => {
    const because = 'you paused its rule "Keep HF up"';
    expect(withdrawnBecause(withdrawnError(because))).toBe(because);
    expect(withdrawnBecause("step 2 reverted on-chain (0xabc)")).toBeNull();
    expect(withdrawnBecause(null)).toBeNull();
  });
});
