import { erc20Abi } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetAccounts } from "../seed/accounts";
import { type DevnetSession, devnetSession } from "../session";
import { type StartedDevnet, startDevnet } from "../testing";
import { accountData } from "./accountData";
import { liquidate } from "./liquidate";
import { setPrice } from "./setPrice";

let devnet: StartedDevnet;
let session: DevnetSession;
beforeAll(async () => {
  devnet = await startDevnet();
  session = devnetSession(devnet.rpcUrl, devnet.info);
});
afterAll(() => devnet?.stop());

const WAD = 10n ** 18n;

describe("liquidation scenario", () => {
  it("a healthy account cannot be liquidated (Aave rejects it)", async () => {
    await expect(liquidate(session, devnetAccounts.borrower)).rejects.toThrow(/liquidate borrower reverted/);
  });

  it("an ETH price shock drives nearLiquidation below HF 1 and the liquidator takes half its debt", async () => {
    const user = devnetAccounts.nearLiquidation.address;
    await setPrice(session, "WETH", 3000);
    const shocked = await accountData(session, user);
    expect(shocked.healthFactor).toBeLessThan(WAD);

    const wethBefore = await session.clients.publicClient.readContract({
      address: devnet.info.reserves.WETH.underlying,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [devnetAccounts.liquidator.address],
    });
    const result = await liquidate(session, devnetAccounts.nearLiquidation);
    expect(result.debtSymbol).toBe("USDC");
    expect(result.collateralSymbol).toBe("WETH");
    // 50 % close factor: debt halves (plus a few wei of interest accrued in between).
    expect(result.debtAfter).toBeLessThan(result.debtBefore);
    // Aave burns the repaid debt in scaled units (rayDiv rounds half up), so the balance read back can sit 1 unit
    // under before − covered when the liquidation lands in the same second as the read.
    expect(result.debtAfter).toBeGreaterThanOrEqual(result.debtBefore - result.debtToCover - 1n);
    expect(Number(result.debtAfter) / Number(result.debtBefore)).toBeCloseTo(0.5, 3);
    // Collateral seized = repaid value × 1.05 bonus / ETH price: 6,580 USDC × 1.05 / 3,000 ≈ 2.303 WETH.
    expect(Number(result.collateralReceived) / 1e18).toBeCloseTo((6580 * 1.05) / 3000, 2);
    const wethAfter = await session.clients.publicClient.readContract({
      address: devnet.info.reserves.WETH.underlying,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [devnetAccounts.liquidator.address],
    });
    expect(wethAfter - wethBefore).toBe(result.collateralReceived);
    expect(result.healthFactorAfter).toBeGreaterThan(result.healthFactorBefore);
  });
});
