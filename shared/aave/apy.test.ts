import { calculateCompoundedRate } from "@aave/math-utils";
import { describe, expect, it } from "vitest";
import { rateToApy, rateToApyRay } from "./apy";
import { RAY } from "./constants";

describe("APY from Aave's per-year ray rates", () => {
  const rates = [0n, 25_000_000_000_000_000_000_000n, 38_000_000_000_000_000_000_000_000n, RAY / 4n];

  it("equals @aave/math-utils' per-second compounding to the unit", () => {
    for (const rate of rates) {
      const expected = calculateCompoundedRate({ rate: rate.toString(), duration: 31_536_000 }).toFixed(0);
      expect(rateToApyRay(rate).toString()).toBe(expected);
    }
  });

  it("is (1 + r/year)^year − 1, a little above the simple rate", () => {
    const rate = 38_000_000_000_000_000_000_000_000n; // 3.8 % APR
    const apy = rateToApy(rate);
    expect(apy).toBeCloseTo(Math.expm1(31_536_000 * Math.log1p(0.038 / 31_536_000)), 12);
    expect(apy).toBeGreaterThan(0.038);
    expect(rateToApy(0n)).toBe(0);
  });
});
