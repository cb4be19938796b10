import type { DevnetReserveSymbol } from "../../shared/chains/devnet";
import { borrow } from "../actions/borrow";
import { mint } from "../actions/mint";
import { restakeWstEth } from "../actions/restake";
import { supply } from "../actions/supply";
import type { DevnetSession } from "../session";
import { type AccountName, devnetAccounts } from "./accounts";

interface SeedPlan {
  supply?: Partial<Record<DevnetReserveSymbol, string>>;
  borrow?: Partial<Record<DevnetReserveSymbol, string>>;
  /** wstETH deposited into the EigenLayer stand-in. */
  restakeWstEth?: string;
  /** Tokens left in the wallet (not supplied). */
  hold?: Partial<Record<DevnetReserveSymbol, string>>;
}

/**
 * The seeded positions, in order (the whale first: its supply is the liquidity everyone else borrows).
 * Health factors at the start prices (ETH 3350, wstETH 3986.50):
 *  - supplier: 20 WETH + 50k USDC, 5k DAI debt            -> HF ≈ 19 (safe)
 *  - borrower: 10 WETH, 21,260 DAI debt                     -> HF ≈ 1.30
 *  - nearLiquidation: 5 WETH, 13,160 USDC debt              -> HF ≈ 1.05 (a ~5 % ETH drop liquidates it)
 *  - restaker: 10 wstETH restaked; 4 wstETH supplied, 2 WETH debt -> HF ≈ 1.93
 *  - stableBorrower: 20,000 WETH, 14M USDC + 13M DAI debt    -> HF ≈ 2.05; it puts the stablecoin reserves at
 *    ~70 % / ~65 % utilisation so their APYs look like a live market's (a few %), not ~0 %.
 */
export const SEED_PLAN: readonly [AccountName, SeedPlan][] = [
  ["whale", { supply: { WETH: "5000", wstETH: "2000", USDC: "20000000", DAI: "20000000", LINK: "1000000" } }],
  ["supplier", { supply: { WETH: "20", USDC: "50000" }, borrow: { DAI: "5000" } }],
  ["borrower", { supply: { WETH: "10" }, borrow: { DAI: "21260" } }],
  ["nearLiquidation", { supply: { WETH: "5" }, borrow: { USDC: "13160" } }],
  ["restaker", { restakeWstEth: "10", supply: { wstETH: "4" }, borrow: { WETH: "2" } }],
  ["stableBorrower", { supply: { WETH: "20000" }, borrow: { USDC: "14000000", DAI: "13000000" } }],
  ["liquidator", { hold: { USDC: "2000000", DAI: "2000000", WETH: "1000", wstETH: "500", LINK: "100000" } }],
];

export async function seedPositions(session: DevnetSession): Promise<void> {
  for (const [name, plan] of SEED_PLAN) {
    const account = devnetAccounts[name];
    if (plan.restakeWstEth) await restakeWstEth(session, account, plan.restakeWstEth);
    for (const [symbol, amount] of Object.entries(plan.supply ?? {}))
      await supply(session, account, symbol, amount);
    for (const [symbol, amount] of Object.entries(plan.borrow ?? {}))
      await borrow(session, account, symbol, amount);
    for (const [symbol, amount] of Object.entries(plan.hold ?? {}))
      await mint(session, account, symbol, amount);
  }
}
