import { formatUnits, maxUint256 } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountData } from "../actions/accountData";
import { devnetSession } from "../session";
import { type StartedDevnet, startDevnet } from "../testing";
import { type AccountName, devnetAccounts } from "./accounts";

let devnet: StartedDevnet;
beforeAll(async () => {
  devnet = await startDevnet();
});
afterAll(() => devnet?.stop());

const hf = async (name: AccountName) => {
  const data = await accountData(devnetSession(devnet.rpcUrl, devnet.info), devnetAccounts[name].address);
  return { ...data, hf: Number(formatUnits(data.healthFactor, 18)) };
};

describe("seeded accounts (Pool.getUserAccountData)", () => {
  it("supplier is safe", async () => {
    const { hf: value } = await hf("supplier");
    expect(value).toBeGreaterThan(3);
  });

  it("borrower is moderately leveraged (HF ≈ 1.3)", async () => {
    const { hf: value } = await hf("borrower");
    expect(value).toBeGreaterThan(1.25);
    expect(value).toBeLessThan(1.35);
  });

  it("nearLiquidation is close to the edge (HF ≈ 1.05)", async () => {
    const { hf: value } = await hf("nearLiquidation");
    expect(value).toBeGreaterThan(1.02);
    expect(value).toBeLessThan(1.08);
  });

  it("restaker has an Aave position with room", async () => {
    const data = await hf("restaker");
    expect(data.totalDebtBase).toBeGreaterThan(0n);
    expect(data.hf).toBeGreaterThan(1.5);
    expect(data.hf).toBeLessThan(3);
  });

  it("whale provides deep liquidity without debt; liquidator holds debt tokens", async () => {
    const whale = await hf("whale");
    expect(whale.totalDebtBase).toBe(0n);
    expect(whale.healthFactor).toBe(maxUint256);
    // > $50M of collateral supplied: WETH, wstETH, USDC, DAI, LINK.
    expect(whale.totalCollateralBase).toBeGreaterThan(50_000_000n * 10n ** 8n);
    const { publicClient } = devnetSession(devnet.rpcUrl, devnet.info).clients;
    const usdc = await publicClient.readContract({
      address: devnet.info.reserves.USDC.underlying,
      abi: (await import("viem")).erc20Abi,
      functionName: "balanceOf",
      args: [devnetAccounts.liquidator.address],
    });
    expect(usdc).toBe(2_000_000n * 10n ** 6n);
  });

  it("resumes at the dumped head's time, not the wall clock", async () => {
    const { publicClient } = devnetSession(devnet.rpcUrl, devnet.info).clients;
    const block = await publicClient.getBlock({ blockTag: "latest" });
    expect(Number(block.timestamp)).toBeGreaterThanOrEqual(devnet.info.snapshotTimestamp);
    expect(Number(block.timestamp)).toBeLessThan(devnet.info.snapshotTimestamp + 3600);
  });
});
