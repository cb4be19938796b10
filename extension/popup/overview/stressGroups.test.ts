import { describe, expect, it } from "vitest";
import { stressGroups } from "./stressGroups";

const supply = (symbol: string, usedAsCollateral = true) => ({
  symbol,
  amountUsd: 1000,
  liquidationThreshold: 0.8,
  usedAsCollateral,
});
const borrow = (symbol: string) => ({ symbol, amountUsd: 500 });

describe("stress-test sliders", () => {
  it("moves ETH and staked ETH together, BTC and LINK apart, and leaves stablecoins at $1", () => {
    const groups = stressGroups({
      supplies: [supply("WETH"), supply("wstETH"), supply("WBTC"), supply("USDC")],
      borrows: [borrow("DAI"), borrow("LINK")],
    });
    expect(groups).toEqual([
      { id: "ETH", label: "ETH & staked ETH", symbols: ["WETH", "wstETH"] },
      { id: "BTC", label: "BTC", symbols: ["WBTC"] },
      { id: "LINK", label: "LINK", symbols: ["LINK"] },
    ]);
  });

  it("gives an asset without a feed its own slider, and ignores supplies that are not collateral", () => {
    const groups = stressGroups({
      supplies: [supply("AAVE"), supply("WETH", false)],
      borrows: [borrow("USDT")],
    });
    expect(groups).toEqual([{ id: "AAVE", label: "AAVE", symbols: ["AAVE"] }]);
  });
});
