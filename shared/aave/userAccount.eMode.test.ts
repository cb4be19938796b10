import { createPublicClient, http, type PublicClient, parseEther, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { borrow } from "../../devnet/actions/borrow";
import { supply } from "../../devnet/actions/supply";
import { loadAaveArtifact } from "../../devnet/deploy/aave/artifacts";
import { createTxSender } from "../../devnet/deploy/context";
import { devnetSession } from "../../devnet/session";
import { devnetAccounts, type StartedDevnet, startDevnet } from "../../devnet/testing";
import { readAaveMarketAndUser } from "../../worker/defi/aave/readAave";
import { planAction, REBALANCE_MIN_HEALTH_FACTOR, userAccountOf } from "../../worker/proposals/planAction";
import { poolAbi } from "../abis";
import { aaveMarketOf } from "../chains/devnetMarket";
import { guardsSchema } from "../schemas/rules";
import { reserveTermsFor } from "./reserveTerms";
import { healthFactorAfter, maxWithdrawForHealthFactor } from "./targetHealthFactor";

// The devnet's market has no e-mode category: this file adds one as the pool admin (an ETH-correlated category
// for WETH and wstETH, 90 % LTV, 93 % threshold, 1 % bonus) and puts a user in it, so Vigil's numbers for an
// e-mode account are checked against the Pool's own.

const CATEGORY = 1;
const E_MODE = { ltv: 9000, liquidationThreshold: 9300, liquidationBonus: 10100 };
let devnet: StartedDevnet;
let client: PublicClient;
const user = devnetAccounts.liquidator;

async function read() {
  return readAaveMarketAndUser({
    client,
    chainId: devnet.info.chainId,
    market: aaveMarketOf(devnet.info),
    user: user.address,
  });
}

async function chainAccount() {
  const [collateral, debt, , liquidationThreshold, ltv, healthFactor] = await client.readContract({
    address: devnet.info.contracts.pool,
    abi: poolAbi,
    functionName: "getUserAccountData",
    args: [user.address],
  });
  return { collateral, debt, liquidationThreshold, ltv, healthFactor };
}

beforeAll(async () => {
  devnet = await startDevnet();
  client = createPublicClient({ transport: http(devnet.rpcUrl) });
  const session = devnetSession(devnet.rpcUrl, devnet.info);
  const admin = createTxSender(session.clients, devnetAccounts.deployer.privateKey);
  const configurator = loadAaveArtifact("PoolConfigurator").abi;
  const { poolConfigurator } = devnet.info.contracts;
  await admin.write("e-mode category", poolConfigurator, configurator, "setEModeCategory", [
    CATEGORY,
    E_MODE.ltv,
    E_MODE.liquidationThreshold,
    E_MODE.liquidationBonus,
    zeroAddress,
    "ETH correlated",
  ]);
  for (const symbol of ["WETH", "wstETH"] as const)
    await admin.write(`${symbol} in e-mode`, poolConfigurator, configurator, "setAssetEModeCategory", [
      devnet.info.reserves[symbol].underlying,
      CATEGORY,
    ]);

  await supply(session, user, "wstETH", "100");
  await createTxSender(session.clients, user.privateKey).write(
    "enter e-mode",
    devnet.info.contracts.pool,
    loadAaveArtifact("Pool").abi,
    "setUserEMode",
    [CATEGORY],
  );
  // Borrow WETH to an e-mode HF of about 1.8: the same debt outside e-mode would sit near 1.57.
  const { market } = await read();
  const price = (symbol: string) =>
    market.reserves.find((r) => r.symbol === symbol)!.priceInMarketReferenceCurrency;
  const collateralInWeth = (parseEther("100") * price("wstETH")) / price("WETH");
  const debt = (collateralInWeth * BigInt(E_MODE.liquidationThreshold)) / 18_000n;
  await borrow(session, user, "WETH", (Number(debt / 10n ** 14n) / 10_000).toString());
}, 120_000);

afterAll(async () => {
  await devnet?.stop();
});

describe("an account in e-mode, against the Pool on the devnet", () => {
  it("takes the category's terms on the category's reserves and the reserve's own elsewhere", async () => {
    const { market } = await read();
    const wsteth = market.reserves.find((r) => r.symbol === "wstETH")!;
    const usdc = market.reserves.find((r) => r.symbol === "USDC")!;
    expect(reserveTermsFor(wsteth, CATEGORY)).toEqual({
      inEMode: true,
      price: wsteth.priceInMarketReferenceCurrency,
      ltv: BigInt(E_MODE.ltv),
      liquidationThreshold: BigInt(E_MODE.liquidationThreshold),
      liquidationBonus: BigInt(E_MODE.liquidationBonus),
    });
    expect(reserveTermsFor(wsteth, 0).liquidationThreshold).toBe(wsteth.reserveLiquidationThreshold);
    expect(reserveTermsFor(wsteth, 2).inEMode).toBe(false);
    expect(reserveTermsFor(usdc, CATEGORY)).toMatchObject({
      inEMode: false,
      liquidationThreshold: usdc.reserveLiquidationThreshold,
    });
    // A category's own price source wins when it answers, and a source that answers 0 is not a price.
    const source = wsteth.eModePriceSource;
    expect(reserveTermsFor(wsteth, CATEGORY, new Map([[source, 123n]])).price).toBe(123n);
    expect(reserveTermsFor(wsteth, CATEGORY, new Map([[source, 0n]])).price).toBe(
      wsteth.priceInMarketReferenceCurrency,
    );
  });

  it("health factor, threshold and LTV equal Pool.getUserAccountData", async () => {
    const { market, user: snapshot } = await read();
    expect(snapshot.userEModeCategoryId).toBe(CATEGORY);
    const ours = userAccountOf(market, snapshot);
    const chain = await chainAccount();
    expect(chain.liquidationThreshold).toBe(BigInt(E_MODE.liquidationThreshold));
    expect(ours.currentLiquidationThreshold).toBe(chain.liquidationThreshold);
    expect(ours.ltv).toBe(chain.ltv);
    expect(ours.totalCollateralBase).toBe(chain.collateral);
    expect(ours.totalDebtBase).toBe(chain.debt);
    expect(ours.healthFactor).toBe(chain.healthFactor);
    expect(Number(chain.healthFactor) / 1e18).toBeCloseTo(1.8, 2);
  });

  it("a rebalance planned for it withdraws what keeps the Pool's HF at the floor, not below", async () => {
    const { market, user: snapshot } = await read();
    const account = userAccountOf(market, snapshot);
    const wsteth = market.reserves.find((r) => r.symbol === "wstETH")!;
    const planned = planAction({
      action: { type: "rebalance", chainId: devnet.info.chainId, asset: "wstETH" },
      token: { symbol: "wstETH", address: wsteth.underlyingAsset, decimals: 18, priceAsset: "wstETH" },
      market,
      account,
      walletBalance: 0n,
      guards: guardsSchema.parse({}),
      user: user.address,
    });
    if (!planned.ok) throw new Error(planned.reason);
    expect(planned.healthFactorAfter).toBeGreaterThanOrEqual(REBALANCE_MIN_HEALTH_FACTOR);

    // The reserve's own threshold (81 %) would have planned a larger withdrawal that lands under the floor.
    const baseTerms = {
      price: wsteth.priceInMarketReferenceCurrency,
      decimals: 18,
      liquidationThreshold: wsteth.reserveLiquidationThreshold,
    };
    const floor = parseEther(String(REBALANCE_MIN_HEALTH_FACTOR));
    const naive = maxWithdrawForHealthFactor(account, baseTerms, floor);
    if (naive === "unlimited") throw new Error("expected a bounded withdrawal");
    expect(naive).toBeGreaterThan(planned.plan.amount);
    const eModeTerms = { ...baseTerms, liquidationThreshold: BigInt(E_MODE.liquidationThreshold) };
    expect(healthFactorAfter(account, eModeTerms, { collateralDelta: -naive })!).toBeLessThan(floor);

    await createTxSender(devnetSession(devnet.rpcUrl, devnet.info).clients, user.privateKey).write(
      "withdraw",
      devnet.info.contracts.pool,
      poolAbi,
      "withdraw",
      [wsteth.underlyingAsset, planned.plan.amount, user.address],
    );
    const after = Number((await chainAccount()).healthFactor) / 1e18;
    expect(after).toBeGreaterThanOrEqual(REBALANCE_MIN_HEALTH_FACTOR);
    // Within the planner's margin (0.2 %) and a block of interest of the floor: the whole safe amount moved.
    expect(after).toBeLessThan(REBALANCE_MIN_HEALTH_FACTOR * 1.003);
  });
});
