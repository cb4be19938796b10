import { createPublicClient, http, type PublicClient } from "viem";
import { devnetAccounts } from "../../devnet/testing";
import { devnetChainConfig } from "../../shared/chains/devnet";
import { getJson, post, signIn } from "../lib/api";
import { metric, type Results } from "../lib/results";
import { median } from "../lib/stats";
import {
  aaveInterfaceCold,
  formatMarket,
  readAndFormatUser,
  readReservesHumanized,
} from "../readers/aaveInterfaceReader";
import { naiveCold } from "../readers/naiveReader";
import { vigilCold, vigilMarketCached } from "../readers/vigilReader";
import { type SuiteContext, timed } from "./context";

const RUNS = 15;
const WORKER_RUNS = 10;
const CACHED_RUNS = 30;

interface Sample {
  ms: number;
  requests: number;
  calls: number;
  healthFactor: number | null;
}

/**
 * A full Aave portfolio (all reserves, the user's balances, HF) for the seeded borrower, three ways, each read
 * through the same counting RPC proxy: Vigil's one-multicall reader, the Aave interface's two calls +
 * @aave/math-utils, and a naive per-reserve reader. Interleaved run by run so drift hits all three alike.
 * Then the worker end to end: GET /portfolios cold (caches dropped) and cached.
 */
export async function portfolioSuite(ctx: SuiteContext): Promise<Results> {
  const { proxy, apiUrl } = ctx.stack;
  const market = devnetChainConfig.aave;
  if (!market) throw new Error("the devnet chain has no Aave market");
  const user = devnetAccounts.borrower.address;
  const client = createPublicClient({ transport: http(proxy.url) }) as PublicClient;
  const chainNow = Number((await client.getBlock()).timestamp);

  const sample = async (read: () => Promise<{ healthFactor: number | null }>): Promise<Sample> => {
    proxy.reset();
    const { ms, value } = await timed(read);
    const { requests, calls } = proxy.count();
    return { ms, requests, calls, healthFactor: value.healthFactor };
  };

  const readers = {
    vigil: () => vigilCold(client, market, user),
    aaveInterface: () => aaveInterfaceCold(client, market, user, chainNow),
    naive: () => naiveCold(client, market, user),
  };
  const cold: Record<keyof typeof readers, Sample[]> = { vigil: [], aaveInterface: [], naive: [] };
  for (let run = -2; run < RUNS; run++) {
    for (const name of ["vigil", "aaveInterface", "naive"] as const) {
      const s = await sample(readers[name]);
      if (run >= 0) cold[name].push(s); // the first two rounds warm up the JIT and the sockets
    }
  }
  checkSameHealthFactor(cold);

  // The market cached, the user's balances fresh (a new user arriving while the market is warm).
  const { market: marketSnapshot } = await vigilCold(client, market, user);
  const humanized = await readReservesHumanized(client, market);
  const formatted = formatMarket(humanized, chainNow);
  const warm = { vigil: [] as Sample[], aaveInterface: [] as Sample[] };
  for (let run = -2; run < RUNS; run++) {
    const v = await sample(() => vigilMarketCached(client, market, user, marketSnapshot));
    const a = await sample(() => readAndFormatUser(client, market, user, humanized, formatted, chainNow));
    if (run >= 0) {
      warm.vigil.push(v);
      warm.aaveInterface.push(a);
    }
  }

  // The worker end to end (wrangler dev on loopback): HTTP + JWT + Durable Objects + formatting + risk forecast.
  ctx.log("portfolio: worker GET /portfolios");
  const { token } = await signIn(apiUrl, devnetAccounts.borrower.privateKey);
  await getJson(apiUrl, "/portfolios", token); // loads the isolate, the model, the user's object
  const workerCold: Sample[] = [];
  const workerPositionsCold: Sample[] = [];
  const workerCached: Sample[] = [];
  const getPortfolio = async () => {
    const body = (await getJson(apiUrl, "/portfolios", token)) as { healthFactor: number | null };
    return { healthFactor: body.healthFactor };
  };
  for (let run = 0; run < WORKER_RUNS; run++) {
    await post(apiUrl, "/__bench/market/invalidate");
    await post(apiUrl, "/portfolios/refresh", token);
    workerCold.push(await sample(getPortfolio));
    await post(apiUrl, "/portfolios/refresh", token);
    workerPositionsCold.push(await sample(getPortfolio));
  }
  for (let run = 0; run < CACHED_RUNS; run++) workerCached.push(await sample(getPortfolio));

  const med = (xs: Sample[], key: "ms" | "requests" | "calls") => median(xs.map((x) => x[key]));
  const reserves = humanized.reserves.length;
  const workerNote = `worker GET /portfolios (Aave + EigenLayer, HTTP on loopback): ${med(workerCold, "requests")} RPC requests with both caches dropped, ${med(workerPositionsCold, "requests")} with the market cached, ${med(workerCached, "requests")} within the 30 s TTL`;
  return {
    "portfolio.rpcRoundTrips.cold": metric({
      value: med(cold.vigil, "requests"),
      unit: "HTTP requests to the RPC",
      alternative: {
        name: "Aave interface (UiPoolDataProvider ×2 + math-utils)",
        value: med(cold.aaveInterface, "requests"),
      },
      runs: RUNS,
      notes: `One Aave portfolio (${reserves} reserves, seeded borrower), nothing cached, counted at an RPC proxy. ${workerNote}.`,
    }),
    "portfolio.rpcRoundTrips.cold.naive": metric({
      value: med(cold.vigil, "requests"),
      unit: "HTTP requests to the RPC",
      alternative: { name: "naive per-reserve reader", value: med(cold.naive, "requests") },
      runs: RUNS,
      notes: `Naive = getReservesList + per reserve getReserveData, getAssetPrice, decimals, aToken and debt balanceOf + getUserAccountData (${med(cold.naive, "calls")} eth_calls, grows with reserves: 5·N+2).`,
    }),
    "portfolio.rpcRoundTrips.cached": metric({
      value: med(workerCached, "requests"),
      unit: "HTTP requests to the RPC",
      alternative: {
        name: "Aave interface, reserves cached in the page (user reserves re-read)",
        value: med(warm.aaveInterface, "requests"),
      },
      runs: CACHED_RUNS,
      notes: `Vigil: worker GET /portfolios within the 30 s TTL (market shared by all users in one object per chain, positions per user). A new user while the market is warm costs Vigil ${med(warm.vigil, "requests")} request (readAaveUser).`,
    }),
    "portfolio.latencyMs.cold": metric({
      value: med(cold.vigil, "ms"),
      unit: "ms",
      alternative: {
        name: "Aave interface (UiPoolDataProvider ×2 + math-utils)",
        value: med(cold.aaveInterface, "ms"),
      },
      runs: RUNS,
      notes: `Read + format in Node against anvil on loopback (no network latency: every extra round trip costs one provider RTT more in production). ${workerNote.replace(/RPC requests/g, "requests")}; worker cold ${med(workerCold, "ms").toFixed(1)} ms, market cached ${med(workerPositionsCold, "ms").toFixed(1)} ms.`,
    }),
    "portfolio.latencyMs.cold.naive": metric({
      value: med(cold.vigil, "ms"),
      unit: "ms",
      alternative: { name: "naive per-reserve reader", value: med(cold.naive, "ms") },
      runs: RUNS,
      notes:
        "Same setup; the naive reader's calls are sent concurrently (a sequential one would be slower still).",
    }),
    "portfolio.latencyMs.marketCached": metric({
      value: med(warm.vigil, "ms"),
      unit: "ms",
      alternative: {
        name: "Aave interface, reserves cached (getUserReservesData + formatUserSummary)",
        value: med(warm.aaveInterface, "ms"),
      },
      runs: RUNS,
      notes:
        "A user's read while the market data is cached: one eth_call each; the difference is formatting (bigint ray math vs bignumber.js strings).",
    }),
    "portfolio.latencyMs.workerCold": metric({
      value: med(workerCold, "ms"),
      unit: "ms",
      alternative: { name: "worker, market cached, positions cold", value: med(workerPositionsCold, "ms") },
      runs: WORKER_RUNS,
      withRatio: false,
      notes:
        "GET /portfolios on wrangler dev (loopback) after POST /__bench/market/invalidate + POST /portfolios/refresh: includes JWT check, two Durable Objects, Aave + EigenLayer reads and the 24 h risk forecast.",
    }),
    "portfolio.latencyMs.cached": metric({
      value: med(workerCached, "ms"),
      unit: "ms",
      alternative: { name: "worker, both caches dropped", value: med(workerCold, "ms") },
      runs: CACHED_RUNS,
      notes:
        "GET /portfolios within the 30 s TTL: no RPC; recomputed from cached snapshots (HF, APYs, liquidation prices, risk forecast) on every read.",
    }),
  };
}

function checkSameHealthFactor(samples: Record<string, Sample[]>): void {
  const hfs = Object.entries(samples).map(([name, xs]) => [name, xs[0]?.healthFactor ?? null] as const);
  const [, reference] = hfs[0] ?? [];
  for (const [name, hf] of hfs) {
    if (reference == null || hf == null || Math.abs(hf - reference) / reference > 1e-3) {
      throw new Error(
        `readers disagree on the health factor: ${JSON.stringify(Object.fromEntries(hfs))} (${name})`,
      );
    }
  }
}
