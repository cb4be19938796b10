import { erc20Abi, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aaveOracleAbi } from "../../shared/abis/aaveOracle";
import { poolAbi } from "../../shared/abis/pool";
import { devnetAccounts } from "../seed/accounts";
import { type DevnetSession, devnetSession } from "../session";
import { type StartedDevnet, startDevnet } from "../testing";
import { accountData } from "./accountData";
import { advanceTime } from "./advanceTime";
import { borrow } from "./borrow";
import { repay } from "./repay";
import { setPrice } from "./setPrice";
import { supply } from "./supply";

let devnet: StartedDevnet;
let session: DevnetSession;
beforeAll(async () => {
  devnet = await startDevnet();
  session = devnetSession(devnet.rpcUrl, devnet.info);
});
afterAll(() => devnet?.stop());

const balanceOf = (token: `0x${string}`, who: `0x${string}`) =>
  session.clients.publicClient.readContract({
    address: token,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [who],
  });

describe("scenario actions change the chain", () => {
  it("price: AaveOracle reports the new LINK price at once", async () => {
    await setPrice(session, "link", 12.34);
    const price = await session.clients.publicClient.readContract({
      address: devnet.info.contracts.aaveOracle,
      abi: aaveOracleAbi,
      functionName: "getAssetPrice",
      args: [devnet.info.reserves.LINK.underlying],
    });
    expect(price).toBe(1_234_000_000n);
    await expect(setPrice(session, "LINK", -1)).rejects.toThrow(/positive/);
    await expect(setPrice(session, "DOGE", 1)).rejects.toThrow(/unknown token "DOGE"/);
  });

  it("advance: time moves and the borrower's debt accrues interest", async () => {
    const debtToken = devnet.info.reserves.DAI.variableDebtToken;
    const before = await balanceOf(debtToken, devnetAccounts.borrower.address);
    const head = await session.clients.publicClient.getBlock({ blockTag: "latest" });
    const timestamp = await advanceTime(session, 30 * 86_400);
    expect(timestamp).toBeGreaterThanOrEqual(head.timestamp + 30n * 86_400n);
    const after = await balanceOf(debtToken, devnetAccounts.borrower.address);
    expect(after).toBeGreaterThan(before);
  });

  it("supply: a large USDC deposit lowers the USDC supply rate", async () => {
    const rate = async () =>
      (
        await session.clients.publicClient.readContract({
          address: devnet.info.contracts.pool,
          abi: poolAbi,
          functionName: "getReserveData",
          args: [devnet.info.reserves.USDC.underlying],
        })
      ).currentLiquidityRate;
    const aBefore = await balanceOf(devnet.info.reserves.USDC.aToken, devnetAccounts.supplier.address);
    const rateBefore = await rate();
    await supply(session, devnetAccounts.supplier, "USDC", "50000000");
    const aAfter = await balanceOf(devnet.info.reserves.USDC.aToken, devnetAccounts.supplier.address);
    expect(aAfter - aBefore).toBeGreaterThanOrEqual(parseUnits("50000000", 6) - 1n);
    expect(await rate()).toBeLessThan(rateBefore);
  });

  it("borrow then repay: debt and health factor move both ways", async () => {
    const user = devnetAccounts.supplier;
    const start = await accountData(session, user.address);
    await borrow(session, user, "WETH", "3");
    const borrowed = await accountData(session, user.address);
    expect(borrowed.totalDebtBase).toBeGreaterThan(start.totalDebtBase);
    expect(borrowed.healthFactor).toBeLessThan(start.healthFactor);
    const { before, after } = await repay(session, user, "WETH", "max");
    expect(before).toBeGreaterThanOrEqual(parseUnits("3", 18));
    expect(after).toBe(0n);
    await expect(repay(session, user, "WETH", "1")).rejects.toThrow(/no WETH debt/);
  });

  it("borrowing beyond the collateral is refused with Aave's error", async () => {
    await expect(borrow(session, devnetAccounts.nearLiquidation, "USDC", "100000")).rejects.toThrow(
      /reverted/,
    );
    await expect(borrow(session, devnetAccounts.borrower, "DAI", "abc")).rejects.toThrow(/positive decimal/);
  });
});
