// Bench-only routes, mounted under /__bench/ by ./entry.js in front of the real worker (which serves everything
// else unchanged). Timings here are taken inside workerd: its local clock advances during CPU work (unlike
// production, where it only moves on I/O), so performance.now() around a loop measures the isolate's own time.
import { type ForecastRiskInput, forecastRisk } from "../../worker/risk/forecastRisk";
import { syntheticYear, timeBacktestYear } from "./backtestYear";
import { type ScaleEnv, scaleFetch } from "./scaleRoutes";
import { shardFetch } from "./shardRoutes";
import { type TickEnv, tickFetch } from "./tickRoutes";

interface MarketStub {
  invalidate(): Promise<void>;
  stats(): Promise<{ marketReads: number }>;
  priceWatchStats(): Promise<{
    watchers: number;
    polls: number;
    blocksSeen: number;
    marketReads: number;
    pushes: number;
  } | null>;
  /** Bench subclass (./entry.js): RPC requests users made to this object, by method. */
  benchRequestCounts(): Promise<{ aaveMarket: number; watchPrices: number }>;
  /** Bench subclass: drops this watcher's price-watch lease and ignores its renewals from now on. */
  benchUnwatch(watcherId: string): Promise<{ watchers: number }>;
}

/** The bindings these routes use, typed structurally so this file also type-checks outside the worker project. */
export interface BenchEnv extends TickEnv {
  MARKET: { getByName(name: string): MarketStub };
  USER: TickEnv["USER"] & { idFromName(name: string): { toString(): string } };
}

/** A spread of real-looking positions (HF 1.02 … 3) so the batch is not one input repeated. */
export function forecastInputs(n: number): ForecastRiskInput[] {
  return Array.from({ length: n }, (_, i) => {
    const healthFactor = 1.02 + ((i * 37) % 200) / 100;
    const ethShare = 0.3 + ((i * 13) % 70) / 100;
    return {
      position: {
        collateral: [
          { asset: "WETH", usd: 10_000 * ethShare, liquidationThreshold: 0.83 },
          { asset: "LINK", usd: 10_000 * (1 - ethShare), liquidationThreshold: 0.68 },
        ],
        debt: [{ asset: "USDC", usd: 5_000 }],
      },
      healthFactor,
      horizon: i % 2 === 0 ? "24h" : "7d",
    } satisfies ForecastRiskInput;
  });
}

async function timeRisk(mode: string, n: number): Promise<Response> {
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    return Response.json({ error: "n: 1..10000" }, { status: 400 });
  const inputs = forecastInputs(n);
  const started = performance.now();
  if (mode === "batch") {
    const results = await forecastRisk(inputs);
    if (results.length !== n) throw new Error("batch answered the wrong number of forecasts");
  } else if (mode === "single") {
    for (const input of inputs) await forecastRisk(input);
  } else {
    return Response.json({ error: "mode: single | batch" }, { status: 400 });
  }
  return Response.json({ mode, n, totalMs: performance.now() - started });
}

export async function benchFetch(request: Request, env: BenchEnv): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname.startsWith("/__bench/tick/")) return tickFetch(request, env);
  if (url.pathname.startsWith("/__bench/scale/shard")) return shardFetch(request, env as unknown as ScaleEnv);
  if (url.pathname.startsWith("/__bench/scale/")) return scaleFetch(request, env as unknown as ScaleEnv);
  const market = () => env.MARKET.getByName(url.searchParams.get("chainId") ?? "31337");
  switch (url.pathname) {
    case "/__bench/market/invalidate":
      await market().invalidate();
      return Response.json({ invalidated: true });
    case "/__bench/market/stats":
      return Response.json({
        ...(await market().stats()),
        requests: await market().benchRequestCounts(),
        priceWatch: await market().priceWatchStats(),
      });
    case "/__bench/market/unwatch": {
      // The seed's design for one user: no per-block price watch, only its 10 s monitoring alarm.
      const userId = url.searchParams.get("userId") ?? "";
      if (!/^[\w-]{1,80}$/.test(userId)) return Response.json({ error: "userId" }, { status: 400 });
      return Response.json(await market().benchUnwatch(env.USER.idFromName(userId).toString()));
    }
    case "/__bench/user/pause": {
      // Stops a bench user's own alarms (e.g. the alert suite's user) so later suites measure only themselves.
      const userId = url.searchParams.get("userId") ?? "";
      if (!/^[\w-]{1,80}$/.test(userId)) return Response.json({ error: "userId" }, { status: 400 });
      await env.USER.getByName(userId).benchPause(true);
      return Response.json({ paused: userId });
    }
    case "/__bench/backtest": {
      // A simulated year timed inside the isolate (the Worker's CPU limit is what a 365-day window must fit).
      const path = syntheticYear();
      return Response.json(timeBacktestYear(path));
    }
    case "/__bench/risk":
      return timeRisk(url.searchParams.get("mode") ?? "", Number(url.searchParams.get("n") ?? "1"));
    default:
      return Response.json({ error: "unknown bench route" }, { status: 404 });
  }
}
