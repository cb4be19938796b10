import { erc20Abi, formatUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { strategyAbi, strategyManagerAbi } from "../../shared/abis/eigenLayer";
import { uiPoolDataProviderV3Abi } from "../../shared/abis/uiPoolDataProviderV3";
import { devnetAccounts } from "../seed/accounts";
import { devnetSession } from "../session";
import { type StartedDevnet, startDevnet } from "../testing";
import { MARKET } from "./market";
import { MULTICALL3_ADDRESS } from "./multicall3";

let devnet: StartedDevnet;
beforeAll(async () => {
  devnet = await startDevnet();
});
afterAll(() => devnet?.stop());
const client = () => devnetSession(devnet.rpcUrl, devnet.info).clients.publicClient;

describe("deployed contracts", () => {
  it("Multicall3 answers at its canonical address through viem's multicall", async () => {
    expect(devnet.info.contracts.multicall3).toBe(MULTICALL3_ADDRESS);
    const results = await client().multicall({
      contracts: Object.values(devnet.info.reserves).map((r) => ({
        address: r.underlying,
        abi: erc20Abi,
        functionName: "symbol" as const,
      })),
      allowFailure: false,
    });
    expect(results).toEqual(["WETH", "wstETH", "USDC", "DAI", "LINK"]);
  });

  it("UiPoolDataProviderV3 lists every reserve with the configured risk parameters", async () => {
    const [reserves, base] = await client().readContract({
      address: devnet.info.contracts.uiPoolDataProviderV3,
      abi: uiPoolDataProviderV3Abi,
      functionName: "getReservesData",
      args: [devnet.info.contracts.poolAddressesProvider],
    });
    expect(base.marketReferenceCurrencyUnit).toBe(100_000_000n);
    expect(base.networkBaseTokenPriceInUsd).toBe(335_000_000_000n);
    for (const def of MARKET) {
      const r = reserves.find((x) => x.symbol === def.symbol);
      expect(r, def.symbol).toBeDefined();
      expect(r?.decimals).toBe(BigInt(def.decimals));
      expect(r?.baseLTVasCollateral).toBe(BigInt(def.ltvBps));
      expect(r?.reserveLiquidationThreshold).toBe(BigInt(def.liquidationThresholdBps));
      expect(r?.reserveLiquidationBonus).toBe(BigInt(10_000 + def.liquidationBonusBps));
      expect(r?.reserveFactor).toBe(BigInt(def.reserveFactorBps));
      expect(r?.borrowingEnabled).toBe(true);
      expect(r?.usageAsCollateralEnabled).toBe(true);
    }
  });

  it("the EigenLayer stand-in returns the restaker's wstETH deposit", async () => {
    const staker = devnetAccounts.restaker.address;
    const { strategyManager, strategies } = devnet.info.eigenLayer;
    const [list, shares] = await client().readContract({
      address: strategyManager,
      abi: strategyManagerAbi,
      functionName: "getDeposits",
      args: [staker],
    });
    expect(list).toEqual([strategies.wstETH]);
    const depositShares = await client().readContract({
      address: strategyManager,
      abi: strategyManagerAbi,
      functionName: "stakerDepositShares",
      args: [staker, strategies.wstETH],
    });
    expect(shares).toEqual([depositShares]);
    expect(
      await client().readContract({
        address: strategyManager,
        abi: strategyManagerAbi,
        functionName: "stakerStrategyList",
        args: [staker, 0n],
      }),
    ).toBe(strategies.wstETH);
    const underlying = await client().readContract({
      address: strategies.wstETH,
      abi: strategyAbi,
      functionName: "sharesToUnderlyingView",
      args: [depositShares],
    });
    expect(Number(formatUnits(underlying, 18))).toBeCloseTo(10, 9);
    expect(
      await client().readContract({
        address: strategies.wstETH,
        abi: strategyAbi,
        functionName: "underlyingToken",
      }),
    ).toBe(devnet.info.reserves.wstETH.underlying);
  });
});
