import { describe, expect, it } from "vitest";
import type { Portfolio } from "../../../shared/schemas/portfolio";
import { actionAssetChoices } from "./actionAssets";

const DEVNET = 31337;

/** Only what the choices read: the Aave account per chain, its supplies and borrows. */
function portfolio(
  chainId: number,
  supplies: Array<{ symbol: string; amountRaw?: string; usedAsCollateral?: boolean }>,
  borrows: string[],
): Portfolio {
  return {
    aave: [
      {
        chainId,
        supplies: supplies.map((s) => ({ amountRaw: "1", usedAsCollateral: true, ...s })),
        borrows: borrows.map((symbol) => ({ symbol, amountRaw: "1" })),
      },
    ],
  } as unknown as Portfolio;
}

describe("actionAssetChoices", () => {
  it("repay offers the user's debts on that chain only, and says so when there is none", () => {
    const user = portfolio(DEVNET, [{ symbol: "WETH" }], ["DAI", "USDC"]);
    expect(actionAssetChoices("repay", DEVNET, user)).toEqual({ symbols: ["DAI", "USDC"], none: null });
    const noDebt = actionAssetChoices("repay", DEVNET, portfolio(DEVNET, [{ symbol: "WETH" }], []));
    expect(noDebt.symbols).toEqual([]);
    expect(noDebt.none).toBe("You have no debt on Aave (Local devnet) to repay.");
    // A debt on another chain is not one here.
    expect(actionAssetChoices("repay", 1, user).symbols).toEqual([]);
  });

  it("collateral: the user's current collateral first, then the chain's other tokens; nothing without a debt", () => {
    const user = portfolio(
      DEVNET,
      [{ symbol: "wstETH" }, { symbol: "LINK", usedAsCollateral: false }],
      ["DAI"],
    );
    expect(actionAssetChoices("supply_collateral", DEVNET, user).symbols).toEqual([
      "wstETH",
      "DAI",
      "LINK",
      "USDC",
      "WETH",
    ]);
    const noDebt = actionAssetChoices(
      "supply_collateral",
      DEVNET,
      portfolio(DEVNET, [{ symbol: "WETH" }], []),
    );
    expect(noDebt).toEqual({
      symbols: [],
      none: "You have no debt on Aave (Local devnet): no health factor to raise.",
    });
  });

  it("restake offers supplied tokens EigenLayer takes there, never others", () => {
    const both = portfolio(DEVNET, [{ symbol: "WETH" }, { symbol: "wstETH" }], []);
    expect(actionAssetChoices("rebalance", DEVNET, both)).toEqual({ symbols: ["wstETH"], none: null });
    const withdrawn = portfolio(DEVNET, [{ symbol: "WETH" }, { symbol: "wstETH", amountRaw: "0" }], []);
    expect(actionAssetChoices("rebalance", DEVNET, withdrawn)).toEqual({
      symbols: [],
      none: "EigenLayer on Local devnet restakes wstETH; you supply none of them on Aave.",
    });
  });

  it("nothing to choose for a notification, and no portfolio yet means no position to act on", () => {
    expect(actionAssetChoices("notify", DEVNET, null)).toEqual({ symbols: [], none: null });
    expect(actionAssetChoices("repay", DEVNET, null).symbols).toEqual([]);
  });
});
