import { describe, expect, it } from "vitest";
import { auc, brier, ece, logLoss } from "./metrics";

describe("metrics", () => {
  it("scores a perfect, a useless and a known forecast", () => {
    expect(brier([1, 0], [1, 0])).toBe(0);
    expect(brier([0.5, 0.5], [1, 0])).toBe(0.25);
    expect(logLoss([0.5, 0.5], [1, 0])).toBeCloseTo(Math.LN2, 12);
    expect(auc([0.9, 0.8, 0.1], [1, 1, 0])).toBe(1);
    expect(auc([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).toBe(0.5);
    expect(auc([0.2, 0.9, 0.4], [1, 0, 0])).toBe(0);
    expect(ece([0.1, 0.1, 0.9, 0.9], [0, 0, 1, 1])).toBeCloseTo(0.1, 12);
  });
});
