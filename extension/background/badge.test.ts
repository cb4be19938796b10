import { describe, expect, it } from "vitest";
import { badgeText } from "./badge";

describe("badgeText", () => {
  it("fits the health factor in the toolbar badge", () => {
    expect(badgeText(1.2999)).toBe("1.30");
    expect(badgeText(1.2949)).toBe("1.29");
    expect(badgeText(1.3)).toBe("1.30");
    expect(badgeText(12.7)).toBe("13");
    expect(badgeText(250)).toBe("∞");
    expect(badgeText(null)).toBe("");
  });
});
