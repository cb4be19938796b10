import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createPublicClient, custom, http, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { rateToApy } from "../../../shared/aave";
import { poolAbi } from "../../../shared/abis";
import { devnetDeployment } from "../../../shared/chains/devnet";
import { aaveMarketOf } from "../../../shared/chains/devnetMarket";
import type { Portfolio, PortfolioHistory } from "../../../shared/schemas/portfolio";
import { readAaveMarketAndUser } from "../../defi/aave/readAave";
import { MarketDurableObject } from "../../defi/market/marketObject";
import { chain, revertChainAfterEachTest, rpcUrl, setPriceUsd } from "../../test/devnet";
import { anvilAccount, call, errorOf, seededSession, signIn } from "../../test/helpers";
import { buildApp } from "../app";

const BORROWER = 2;

revertChainAfterEachTest();

async function portfolioOf(token: string): Promise<Portfolio> {
  const response = await call("/portfolios", { token });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Portfolio;
}

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe("GET /portfolios", () => {
  it("equals the chain: HF and totals as getUserAccountData, APYs from the rates at the same block", async () => {
    const account = anvilAccount(BORROWER);
    const { token } = await signIn(account);
    const portfolio = await portfolioOf(token);
    const aave = portfolio.aave[0]!;
    const block = BigInt(portfolio.asOf[0]!.blockNumber);
    const [collateral, debt, available, , , healthFactor] = await chain.readContract({
      blockNumber: block,
      address: devnetDeployment.contracts.pool,
      abi: poolAbi,
      functionName: "getUserAccountData",
      args: [account.address],
    });
    expect(relativeError(aave.healthFactor!, Number(healthFactor) / 1e18)).toBeLessThanOrEqual(1e-9);
    expect(aave.healthFactorRaw).toBe(healthFactor.toString());
    expect(relativeError(aave.totalCollateralUsd, Number(collateral) / 1e8)).toBeLessThanOrEqual(1e-9);
    expect(relativeError(aave.totalDebtUsd, Number(debt) / 1e8)).toBeLessThanOrEqual(1e-9);
    expect(relativeError(aave.availableBorrowsUsd, Number(available) / 1e8)).toBeLessThanOrEqual(1e-9);
    expect(portfolio.healthFactor).toBe(aave.healthFactor);

    const { market } = await readAaveMarketAndUser({
      client: chain as PublicClient,
      chainId: 31337,
      market: aaveMarketOf(devnetDeployment),
      user: account.address,
    });
    for (const borrow of aave.borrows) {
      const reserve = market.reserves.find((r) => r.underlyingAsset === borrow.asset)!;
      expect(borrow.variableBorrowApy).toBe(rateToApy(reserve.variableBorrowRate));
      expect(borrow.variableBorrowApy).toBeGreaterThan(0);
    }
    expect(aave.supplies.length).toBeGreaterThan(0);
    expect(aave.borrows.length).toBeGreaterThan(0);
    expect(portfolio.risk.status).toBe("ok");
  });

  it("a liquidation price, applied to the feed, puts the on-chain HF at 1.000", async () => {
    const account = anvilAccount(BORROWER);
    const { token } = await signIn(account);
    const aave = (await portfolioOf(token)).aave[0]!;
    const collateral = aave.supplies
      .filter((s) => s.usedAsCollateral)
      .sort((a, b) => b.amountUsd - a.amountUsd)[0]!;
    expect(collateral.liquidationPriceUsd).not.toBeNull();
    await setPriceUsd(collateral.symbol as "WETH", collateral.liquidationPriceUsd!);
    const [, , , , , healthFactor] = await chain.readContract({
      address: devnetDeployment.contracts.pool,
      abi: poolAbi,
      functionName: "getUserAccountData",
      args: [account.address],
    });
    expect(Number(healthFactor) / 1e18).toBeCloseTo(1, 3);
  });

  it("serves the second read from cache with no market RPC; refresh re-reads positions; new prices show after expiry", async () => {
    const { token } = await seededSession(anvilAccount(BORROWER));
    const market = env.MARKET.getByName("31337");
    // Reads the request path made: the per-block price watch (worker/defi/market/priceWatch.ts) may re-read on its own.
    const requestReads = () => market.requestPathReads();
    const first = await portfolioOf(token);
    const readsAfterFirst = await requestReads();
    const second = await portfolioOf(token);
    expect(await requestReads()).toBe(readsAfterFirst);
    expect(second.cache.positions.hit).toBe(true);
    expect(second.healthFactor).toBe(first.healthFactor);

    const refreshed = await call("/portfolios/refresh", { method: "POST", token });
    expect(refreshed.status).toBe(200);
    const third = await portfolioOf(token);
    expect(third.cache.positions.hit).toBe(false);
    expect(await requestReads()).toBe(readsAfterFirst);

    // Once the market entry expires (simulated by dropping it), the next read sees the new price.
    const weth = first.aave[0]!.supplies.find((s) => s.symbol === "WETH")!;
    await setPriceUsd("WETH", weth.priceUsd * 0.9);
    await market.invalidate();
    const moved = await portfolioOf(token);
    expect(moved.healthFactor!).toBeLessThan(third.healthFactor!);
    expect(moved.aave[0]!.supplies.find((s) => s.symbol === "WETH")!.priceUsd).toBeCloseTo(
      weth.priceUsd * 0.9,
      6,
    );
  });

  it("keeps history points deduplicated and returns them by range", async () => {
    // A wallet no other test touches: no debt, so no monitoring loop adds points behind the test's back.
    const { token } = await signIn(privateKeyToAccount(generatePrivateKey()));
    await portfolioOf(token);
    await portfolioOf(token);
    const response = await call("/portfolios/history?range=24h", { token });
    expect(response.status).toBe(200);
    const history = (await response.json()) as PortfolioHistory;
    expect(history.points).toHaveLength(1);
    expect(history.points[0]).toMatchObject({ healthFactor: null, netValueUsd: 0, debtUsd: 0 });
    expect((await call("/portfolios/history?range=1y", { token })).status).toBe(400);
  });

  it("needs a token", async () => {
    expect((await call("/portfolios")).status).toBe(401);
  });
});

describe("public protocol reads", () => {
  it("GET /protocols/aave/apy returns the reserve's APYs at a block; unknown asset 404; bad chain 404", async () => {
    const response = await call("/protocols/aave/apy?asset=usdc&chain_id=31337");
    expect(response.status).toBe(200);
    const usdc = (await response.json()) as { symbol: string; supplyApy: number; liquidityRateRaw: string };
    expect(usdc.symbol).toBe("USDC");
    expect(usdc.supplyApy).toBe(rateToApy(BigInt(usdc.liquidityRateRaw)));
    const unknown = await call("/protocols/aave/apy?asset=DOGE&chain_id=31337");
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe("not_found");
    expect((await call("/protocols/aave/apy?asset=USDC&chain_id=999")).status).toBe(404);
  });

  it("GET /protocols/aave/positions: a malformed address is a 400 that says why", async () => {
    const response = await call("/protocols/aave/positions?user_address=0x1234&chain_id=31337");
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe("validation_failed");
    expect(JSON.stringify(error)).toContain("user_address");
  });

  it("GET /protocols/eigenlayer/positions returns the restaker's deposit", async () => {
    const restaker = devnetDeployment.accounts.restaker;
    const response = await call(`/protocols/eigenlayer/positions?user_address=${restaker}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      account: { positions: { symbol: string; amount: number; amountUsd: number }[] };
    };
    expect(body.account.positions.length).toBe(1);
    expect(body.account.positions[0]!.symbol).toBe("wstETH");
    expect(body.account.positions[0]!.amountUsd).toBeGreaterThan(0);
  });

  it("RPC down: 503 with the error body and a retry hint, after viem's retries", async () => {
    const request = new Request(
      `http://127.0.0.1:8787/protocols/aave/positions?user_address=${devnetDeployment.accounts.borrower}&chain_id=31337`,
      { headers: { "CF-Connecting-IP": "10.9.9.9" } },
    );
    const ctx = createExecutionContext();
    const response = await buildApp().fetch(request, { ...env, RPC_URL_31337: "http://127.0.0.1:9" }, ctx);
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(503);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
    const error = await errorOf(response);
    expect(error.code).toBe("upstream_unavailable");
    expect(error.message).toMatch(/unreachable/);
  });

  it("RPC down inside the market object: the failure crosses Durable Object RPC as data", async () => {
    // The market object reads through a closed port: what the Worker sees when the provider is gone.
    const outcome = await runInDurableObject(env.MARKET.getByName("rpc-down"), (_instance, state) =>
      new MarketDurableObject(state, { ...env, RPC_URL_31337: "http://127.0.0.1:9" }).aaveMarket(31337),
    );
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.failure.kind).toBe("unavailable");
      expect(outcome.failure.retryAfterSeconds).toBeGreaterThan(0);
    }
  });
});

describe("round trips", () => {
  it("one full Aave read (all reserves + the user's reserves + block) is exactly one RPC request", async () => {
    const requests: string[] = [];
    const transport = http(rpcUrl);
    const counting = createPublicClient({
      transport: custom({
        async request({ method, params }) {
          requests.push(method);
          return transport({}).request({ method, params } as never);
        },
      }),
    });
    const { market, user } = await readAaveMarketAndUser({
      client: counting as PublicClient,
      chainId: 31337,
      market: aaveMarketOf(devnetDeployment),
      user: anvilAccount(BORROWER).address,
    });
    expect(requests).toEqual(["eth_call"]);
    expect(market.reserves.length).toBe(5);
    expect(user.userReserves.length).toBe(5);
    expect(user.blockNumber).toBe(market.blockNumber);
  });
});
