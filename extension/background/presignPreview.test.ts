import { encodeFunctionData, maxUint256 } from "viem";
import { describe, expect, it } from "vitest";
import { poolAbi } from "../../shared/abis/pool";
import type { Portfolio } from "../lib/api/contract";
import {
  createPresignPreview,
  decodePoolCall,
  type RiskForecastRequest,
  STALE_PREVIEW_NOTE,
} from "./presignPreview";

const USER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const OTHER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const POOL = "0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2";
const WETH = "0x4200000000000000000000000000000000000006";
const USDC = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";

// 10 WETH at $3000 (LT 83 %) against 17,500 USDC: HF = 24,900 / 17,500 = 1.4229.
const account: Portfolio["aave"][number] = {
  protocol: "aave-v3",
  chainId: 31337,
  pool: POOL,
  healthFactor: 1.4229,
  healthFactorRaw: "1422857142857142857",
  totalCollateralUsd: 30_000,
  totalDebtUsd: 17_500,
  availableBorrowsUsd: 6_500,
  ltv: 0.8,
  currentLiquidationThreshold: 0.83,
  eModeCategoryId: 0,
  isolationMode: false,
  supplies: [
    {
      symbol: "WETH",
      asset: WETH,
      decimals: 18,
      amount: 10,
      amountRaw: "10000000000000000000",
      amountUsd: 30_000,
      priceUsd: 3_000,
      supplyApy: 0.018,
      usedAsCollateral: true,
      ltv: 0.8,
      liquidationThreshold: 0.83,
      liquidationPriceUsd: 2108.43,
    },
  ],
  borrows: [
    {
      symbol: "USDC",
      asset: USDC,
      decimals: 6,
      amount: 17_500,
      amountRaw: "17500000000",
      amountUsd: 17_500,
      priceUsd: 1,
      variableBorrowApy: 0.05,
      stableDebtRaw: "0",
    },
  ],
};
const portfolio = { userAddress: USER, healthFactor: 1.4229, aave: [account] } as unknown as Portfolio;

function setup(stale = false, served: Portfolio = portfolio) {
  const forecasts: RiskForecastRequest[] = [];
  const preview = createPresignPreview({
    portfolio: async () => served,
    forecast: async (request) => {
      forecasts.push(request);
      const hf = request.health_factor ?? 10;
      return {
        // A step at HF 1.3, between the HF before (1.42) and after (1.245) the test borrow.
        probability: hf < 1.3 ? 0.4 : 0.02,
        band: hf < 1.3 ? "high" : "low",
        horizon: "24h",
        drivers: [],
        model: { version: "t" },
      };
    },
    alertThreshold: async () => 1.3,
    stale: async () => stale,
  });
  return { preview, forecasts };
}

const call = (functionName: "borrow" | "repay" | "withdraw" | "supply", args: readonly unknown[]) =>
  encodeFunctionData({ abi: poolAbi, functionName, args } as Parameters<typeof encodeFunctionData>[0]);

describe("pre-sign preview of Aave Pool calls", () => {
  it("borrowing 2,500 USDC lowers HF from 1.42 to 1.245 (24,900 / 20,000) and raises the risk", async () => {
    const { preview, forecasts } = setup();
    const data = call("borrow", [USDC, 2_500_000_000n, 2n, 0, USER]);
    const result = await preview({ chainId: 31337, to: POOL, data, from: USER });
    expect(result).toMatchObject({
      kind: "aave",
      action: "borrow",
      symbol: "USDC",
      amount: 2500,
      amountUsd: 2500,
      healthFactor: { before: 1.4229, after: 1.245 },
      risk: {
        horizon: "24h",
        before: { band: "low", probability: 0.02 },
        after: { band: "high", probability: 0.4 },
      },
      alertThreshold: 1.3,
      // 1.245 is under the user's 1.3 alert: the card blocks.
      block: "belowAlert",
      note: null,
    });
    // The "after" forecast sees the bigger debt and the new HF.
    expect(forecasts[1]).toMatchObject({
      health_factor: 1.245,
      positions: { borrows: [{ amountUsd: 20_000 }] },
    });
  });

  it("withdrawing everything (uint256 max) counts the whole supply: HF 0", async () => {
    const { preview } = setup();
    const data = call("withdraw", [WETH, maxUint256, USER]);
    const result = await preview({ chainId: 31337, to: POOL, data, from: USER });
    expect(result).toMatchObject({
      kind: "aave",
      action: "withdraw",
      amount: 10,
      healthFactor: { after: 0 },
      block: "liquidatable",
    });
  });

  it("repaying all debt leaves no health factor (no debt)", async () => {
    const { preview } = setup();
    const data = call("repay", [USDC, maxUint256, 2n, USER]);
    const result = await preview({ chainId: 31337, to: POOL, data, from: USER });
    expect(result).toMatchObject({
      action: "repay",
      amount: 17_500,
      healthFactor: { after: null },
      block: null,
    });
  });

  it("says so when the call acts for another account than the watched one", async () => {
    const { preview } = setup();
    const data = call("supply", [WETH, 10n ** 18n, OTHER, 0]);
    const result = await preview({ chainId: 31337, to: POOL, data, from: USER });
    expect(result).toMatchObject({ kind: "aave", action: "supply", healthFactor: { after: "unknown" } });
    expect(result.kind === "aave" && result.note).toContain("another account");
  });

  it("a withdraw sent from another account is that account's: no block from the watched position", async () => {
    const { preview } = setup();
    const data = call("withdraw", [WETH, maxUint256, OTHER]);
    const result = await preview({ chainId: 31337, to: POOL, data, from: OTHER });
    expect(result).toMatchObject({
      kind: "aave",
      action: "withdraw",
      healthFactor: { after: "unknown" },
      block: null,
    });
    expect(result.kind === "aave" && result.note).toContain("another account");
  });

  it("a borrow of an asset without a price: health factor after unknown, never null (“no debt”)", async () => {
    const { preview } = setup();
    const DAI = "0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb";
    const data = call("borrow", [DAI, 500n * 10n ** 18n, 2n, 0, USER]);
    const result = await preview({ chainId: 31337, to: POOL, data, from: USER });
    expect(result).toMatchObject({
      kind: "aave",
      action: "borrow",
      symbol: null,
      healthFactor: { before: 1.4229, after: "unknown" },
      risk: { after: null },
      block: null,
    });
    expect(result.kind === "aave" && result.note).toContain(
      "cannot tell what this does to your health factor",
    );
  });

  it("says when its figures come from a portfolio Vigil cannot refresh (API or chain down)", async () => {
    const data = call("borrow", [USDC, 2_500_000_000n, 2n, 0, USER]);
    const fresh = await setup(false).preview({ chainId: 31337, to: POOL, data, from: USER });
    expect(fresh).toMatchObject({ kind: "aave", note: null });
    const old = await setup(true).preview({ chainId: 31337, to: POOL, data, from: USER });
    expect(old).toMatchObject({
      kind: "aave",
      healthFactor: { before: 1.4229, after: 1.245 },
      note: "Vigil cannot update your positions right now: these figures come from the last data it read.",
    });
    expect(STALE_PREVIEW_NOTE).toContain("cannot update");
  });

  it("leaves other contracts, other chains and other functions alone", async () => {
    const { preview } = setup();
    const borrow = call("borrow", [USDC, 1n, 2n, 0, USER]);
    expect(await preview({ chainId: 31337, to: USDC, data: borrow })).toEqual({ kind: "none" });
    expect(await preview({ chainId: 1, to: POOL, data: borrow })).toEqual({ kind: "none" });
    expect(await preview({ chainId: 31337, to: POOL, data: "0xa9059cbb" })).toEqual({ kind: "none" });
    expect(decodePoolCall("0x", USER)).toBeNull();
  });

  it("on a second chain, works from that chain's account: its health factor, its positions", async () => {
    // Base: 5 WETH (LT 83 %) against 7,000 USDC, HF 12,450 / 7,000 = 1.7786, same Pool address as the first.
    const base: Portfolio["aave"][number] = {
      ...account,
      chainId: 8453,
      healthFactor: 1.7786,
      healthFactorRaw: "1778571428571428571",
      totalCollateralUsd: 15_000,
      totalDebtUsd: 7_000,
      availableBorrowsUsd: 5_000,
      supplies: [{ ...account.supplies[0]!, amount: 5, amountRaw: "5000000000000000000", amountUsd: 15_000 }],
      borrows: [{ ...account.borrows[0]!, amount: 7_000, amountRaw: "7000000000", amountUsd: 7_000 }],
    };
    const twoChains = { ...portfolio, aave: [account, base] } as Portfolio;
    const { preview, forecasts } = setup(false, twoChains);
    const data = call("borrow", [USDC, 2_500_000_000n, 2n, 0, USER]);
    const onBase = await preview({ chainId: 8453, to: POOL, data, from: USER });
    // 12,450 / 9,500 = 1.3105: over the 1.3 alert, so no block, where the same call on the first chain blocks.
    expect(onBase).toMatchObject({ kind: "aave", healthFactor: { before: 1.7786 }, block: null });
    if (onBase.kind !== "aave" || typeof onBase.healthFactor.after !== "number")
      throw new Error("no HF after");
    expect(onBase.healthFactor.after).toBeCloseTo(12_450 / 9_500, 4);
    expect(forecasts.map((f) => f.positions.borrows[0]?.amountUsd)).toEqual([7_000, 9_500]);
    const onFirst = await preview({ chainId: 31337, to: POOL, data, from: USER });
    expect(onFirst).toMatchObject({ healthFactor: { before: 1.4229, after: 1.245 }, block: "belowAlert" });
  });

  it("a risk model that does not answer within the budget leaves risk out, not the card", async () => {
    const preview = createPresignPreview(
      {
        portfolio: async () => portfolio,
        forecast: () => new Promise(() => undefined),
        alertThreshold: async () => 1.2,
        stale: async () => false,
      },
      50,
    );
    const data = call("borrow", [USDC, 2_500_000_000n, 2n, 0, USER]);
    const result = await preview({ chainId: 31337, to: POOL, data, from: USER });
    expect(result).toMatchObject({
      kind: "aave",
      healthFactor: { before: 1.4229, after: 1.245 },
      risk: { before: null, after: null },
      // Above this user's 1.2 alert: nothing to stop.
      block: null,
    });
  });
});
