import { describe, expect, it } from "vitest";
import { percentToRay } from "./reserves";

describe("percentToRay", () => {
  it("converts percentages exactly", () => {
    expect(percentToRay(100)).toBe(10n ** 27n);
    expect(percentToRay(2.7)).toBe(27n * 10n ** 24n);
    expect(percentToRay(0)).toBe(0n);
    expect(percentToRay(300)).toBe(3n * 10n ** 27n);
  });
  it("rejects negative and non-finite rates", () => {
    expect(() => percentToRay(-1)).toThrow(/non-negative/);
    expect(() => percentToRay(Number.NaN)).toThrow(/non-negative/);
  });
});
