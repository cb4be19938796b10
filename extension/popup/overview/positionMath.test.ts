import { describe, expect, it } from "vitest";
import { borrowPowerUsed, healthFactorScalePosition, netApy } from "./positionMath";

const supply = (amountUsd: number, supplyApy: number) => ({ amountUsd, supplyApy }) as never;
const borrow = (amountUsd: number, variableBorrowApy: number) => ({ amountUsd, variableBorrowApy }) as never;

describe("netApy", () => {
  it("weighs supply and borrow rates by size over the equity", () => {
    // 10 000 at 3 % earns 300, 5 000 at 5 % costs 250: 50 on 5 000 equity = 1 %.
    expect(netApy({ supplies: [supply(10_000, 0.03)], borrows: [borrow(5_000, 0.05)] })).toBeCloseTo(
      0.01,
      10,
    );
  });
  it("is unknown without equity", () => {
    expect(netApy({ supplies: [supply(100, 0.03)], borrows: [borrow(100, 0.05)] })).toBeNull();
  });
});

describe("borrowPowerUsed", () => {
  it("is debt over the borrow limit", () => {
    expect(borrowPowerUsed({ totalDebtUsd: 750, availableBorrowsUsd: 250 })).toBe(0.75);
    expect(borrowPowerUsed({ totalDebtUsd: 0, availableBorrowsUsd: 0 })).toBeNull();
  });
});

describe("healthFactorScalePosition", () => {
  it("places the health factor in its band's segment", () => {
    expect(healthFactorScalePosition(0.8)).toBe(0);
    expect(healthFactorScalePosition(1.05)).toBeCloseTo(12.5, 10);
    expect(healthFactorScalePosition(1.1)).toBe(25);
    expect(healthFactorScalePosition(2.05)).toBeCloseTo(50, 10);
    expect(healthFactorScalePosition(3)).toBe(75);
    expect(healthFactorScalePosition(40)).toBe(100);
    expect(healthFactorScalePosition(null)).toBe(100);
  });
});
