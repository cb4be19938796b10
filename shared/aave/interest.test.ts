import {
  calculateCompoundedInterest as aaveCompounded,
  calculateLinearInterest as aaveLinear,
} from "@aave/math-utils";
import { describe, expect, it } from "vitest";
import { RAY } from "./constants";
import { calculateCompoundedInterest, calculateLinearInterest, getNormalizedDebt } from "./interest";

// Up to 100 % APR: where real reserves live. Far beyond it the two binomial approximations drift apart.
const rates = [0n, 12_345_678_901_234_567_890_123n, 45_000_000_000_000_000_000_000_000n, RAY];
const durations = [0n, 1n, 2n, 3n, 600n, 86_400n, 31_536_000n];

describe("index growth between on-chain updates", () => {
  // @aave/math-utils rounds its intermediate steps differently from the contracts (MathUtils truncates), so
  // the two agree closely rather than to the unit; the devnet tests hold us to the contracts exactly.
  it("linear (supply) and compounded (debt) interest agree with @aave/math-utils for every rate and duration", () => {
    for (const rate of rates) {
      for (const seconds of durations) {
        const last = 1_700_000_000n;
        const now = last + seconds;
        const args = {
          rate: rate.toString(),
          lastUpdateTimestamp: Number(last),
          currentTimestamp: Number(now),
        };
        const linearGap = calculateLinearInterest(rate, last, now) - BigInt(aaveLinear(args).toFixed(0));
        const compoundedGap =
          calculateCompoundedInterest(rate, last, now) - BigInt(aaveCompounded(args).toFixed(0));
        expect(linearGap >= -2n && linearGap <= 2n, `linear gap ${linearGap}`).toBe(true);
        // The contract truncates rate³/year³ to whole ray units before multiplying by seconds³ (a year of
        // idle reserve at 45 % APR leaves ~5e-6 of the index); math-utils keeps the fraction. We follow the
        // contract, which the devnet tests check to the unit.
        expect(Math.abs(Number(compoundedGap)) / 1e27, `compounded gap ${compoundedGap}`).toBeLessThan(1e-5);
      }
    }
  });

  it("debt grows faster than simple interest over a year at a high rate", () => {
    const rate = RAY / 2n; // 50 % APR
    const compounded = calculateCompoundedInterest(rate, 0n, 31_536_000n);
    const linear = calculateLinearInterest(rate, 0n, 31_536_000n);
    expect(compounded > linear).toBe(true);
    // e^0.5 ≈ 1.6487; the three-term approximation gives 1 + 0.5 + 0.125 + 0.0208 ≈ 1.6458
    expect(Number(compounded) / 1e27).toBeCloseTo(1.6458, 3);
  });

  it("a reserve touched in this very second has exactly its stored index", () => {
    const reserve = {
      liquidityIndex: RAY + 5n,
      variableBorrowIndex: RAY + 7n,
      liquidityRate: RAY / 10n,
      variableBorrowRate: RAY / 5n,
      lastUpdateTimestamp: 100n,
    };
    expect(getNormalizedDebt(reserve, 100n)).toBe(RAY + 7n);
    expect(getNormalizedDebt(reserve, 200n) > RAY + 7n).toBe(true);
  });
});
