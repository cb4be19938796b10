import { Agent, request } from "node:http";
import { getJson, signIn } from "../lib/api";
import { metric, type Results } from "../lib/results";
import { summarize } from "../lib/stats";
import { usersWithPositions } from "../lib/users";
import type { SuiteContext } from "./context";

const CLIENTS = 50;
const DURATION_MS = 30_000;
const BASELINE_MS = 10_000;

interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  latencies: number[];
}

/** `clients` closed-loop clients, each sending its next request as soon as the last one answered. */
async function closedLoop(url: string, tokens: readonly string[], durationMs: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: tokens.length });
  const target = new URL(url);
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + durationMs;
  const once = (token: string) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = request(
        {
          agent,
          hostname: target.hostname,
          port: target.port,
          path: target.pathname,
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            if (res.statusCode === 200) latencies.push(performance.now() - started);
            else errors += 1;
            resolve();
          });
        },
      );
      req.on("error", () => {
        errors += 1;
        resolve();
      });
      req.end();
    });
  const started = performance.now();
  await Promise.all(
    tokens.map(async (token) => {
      while (performance.now() < deadline) await once(token);
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { requests: latencies.length + errors, errors, rps: latencies.length / elapsed, latencies };
}

/**
 * GET /portfolios with 50 concurrent clients for 30 s, one signed-in user each (50 users with real Aave
 * positions, so 50 user objects), after one warm-up read per user; beside GET /health (no auth, no Durable
 * Object) with the same 50 clients for 10 s, the ceiling of this wrangler dev on this machine.
 */
export async function loadSuite(ctx: SuiteContext): Promise<Results> {
  const { apiUrl, devnet, proxy } = ctx.stack;
  ctx.log(`load: creating ${CLIENTS} users with Aave positions`);
  const users = await usersWithPositions(devnet, CLIENTS);
  const tokens: string[] = [];
  for (const user of users) tokens.push((await signIn(apiUrl, user.privateKey)).token);
  for (const token of tokens) await getJson(apiUrl, "/portfolios", token);

  ctx.log(`load: GET /portfolios, ${CLIENTS} clients × ${DURATION_MS / 1000} s`);
  proxy.reset();
  const portfolios = await closedLoop(`${apiUrl}/portfolios`, tokens, DURATION_MS);
  const rpcDuring = proxy.count();
  ctx.log(`load: GET /health, ${CLIENTS} clients × ${BASELINE_MS / 1000} s`);
  const health = await closedLoop(`${apiUrl}/health`, tokens, BASELINE_MS);

  const p = summarize(portfolios.latencies);
  const h = summarize(health.latencies);
  const common = `${CLIENTS} closed-loop clients (Node http, keep-alive) on the same 2 cores as wrangler dev and anvil, loopback only.`;
  return {
    "api.loadRps": metric({
      value: portfolios.rps,
      unit: "requests/s",
      alternative: { name: "GET /health (no auth, no Durable Object), same clients", value: health.rps },
      runs: 1,
      withRatio: false,
      notes: `GET /portfolios (cached) for ${DURATION_MS / 1000} s: ${portfolios.requests} requests, ${portfolios.errors} errors, p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms. ${CLIENTS} users with positions, one client each (HF + risk forecast recomputed per read). RPC during the run: ${rpcDuring.requests} requests (positions TTL 30 s expiring once per user). ${common}`,
    }),
    "api.loadP99Ms": metric({
      value: p.p99,
      unit: "ms",
      alternative: { name: "GET /health p99, same clients", value: h.p99 },
      runs: 1,
      withRatio: false,
      notes: `p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms, max ${p.max.toFixed(1)} ms over ${p.n} answered requests.`,
    }),
    "api.loadErrors": metric({
      value: portfolios.errors,
      unit: "non-200 answers or socket errors",
      alternative: { name: "GET /health errors", value: health.errors },
      runs: 1,
      withRatio: false,
      notes: "0 expected.",
    }),
  };
}
