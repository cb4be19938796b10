import { rayDiv as aaveRayDiv, rayMul as aaveRayMul, rayPow as aaveRayPow } from "@aave/math-utils";
import { describe, expect, it } from "vitest";
import { PERCENTAGE_FACTOR, RAY, WAD } from "./constants";
import { percentMul, rayDiv, rayMul, rayPow, wadDiv } from "./wadRayMath";

describe("wad/ray math rounds half up like Aave's libraries", () => {
  it("rayMul and rayDiv agree with @aave/math-utils on awkward operands", () => {
    const samples: Array<[bigint, bigint]> = [
      [1_000_000_000_000_000_000_123_456_789n, 1_043_210_987_654_321_000_000_001n],
      [7n, RAY / 2n],
      [123_456_789_012_345_678_901_234n, 3n * RAY + 1n],
      [RAY + 1n, RAY - 1n],
    ];
    for (const [a, b] of samples) {
      expect(rayMul(a, b).toString()).toBe(aaveRayMul(a.toString(), b.toString()).toFixed(0));
      expect(rayDiv(a, b).toString()).toBe(aaveRayDiv(a.toString(), b.toString()).toFixed(0));
    }
  });

  it("rounds exactly half up, not down", () => {
    expect(rayMul(1n, RAY / 2n)).toBe(1n); // 0.5 → 1
    expect(rayMul(1n, RAY / 2n - 1n)).toBe(0n);
    expect(wadDiv(1n, 2n * WAD)).toBe(1n); // 0.5 wei → 1
    expect(percentMul(1n, PERCENTAGE_FACTOR / 2n)).toBe(1n);
  });

  it("rayPow matches @aave/math-utils over a year of seconds", () => {
    const perSecond = RAY + 1_585_489_599_188_229_325n; // ≈ 5 % a year
    expect(rayPow(perSecond, 31_536_000n).toString()).toBe(
      aaveRayPow(perSecond.toString(), "31536000").toFixed(0),
    );
    expect(rayPow(perSecond, 0n)).toBe(RAY);
    expect(rayPow(perSecond, 1n)).toBe(perSecond);
  });
});
