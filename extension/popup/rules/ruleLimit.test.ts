import { describe, expect, it } from "vitest";
import { ruleLimitReached } from "./ruleLimit";

describe("the plan's rule limit", () => {
  it("says so once the free rules are used, before a fourth form is filled", () => {
    expect(ruleLimitReached(3, 3)).toBe(
      "The Free plan allows 3 rules, and all are in use. Delete one to add another.",
    );
  });

  it("says nothing while there is room, or without a limit", () => {
    expect(ruleLimitReached(2, 3)).toBeNull();
    expect(ruleLimitReached(50, null)).toBeNull();
  });
});
