import { randomBytes } from "node:crypto";
import { z } from "zod";
import { delay } from "../../e2e/harness/processes";
import { PRICE_POLL_MS } from "../../worker/defi/market/headPoll";
import { groupCpuMs } from "../lib/processCpu";
import { metric, type Results } from "../lib/results";
import { median } from "../lib/stats";
import { usersWithPositions } from "../lib/users";
import type { SuiteContext } from "./context";

/** Population sizes, and how many times each round is repeated (small N: more repeats for the 10 ms CPU clock). */
const POPULATIONS = [
  { n: 1, repeats: 10 },
  { n: 10, repeats: 4 },
  { n: 100, repeats: 2 },
  { n: 1000, repeats: 1 },
] as const;
/** Distinct on-chain borrowers; user object i watches wallet i mod WALLETS (each object reads its own copy). */
const WALLETS = 10;
/** Objects ticked at once: alarms of different objects fire independently in production. */
const TICK_CONCURRENCY = 16;
const SEED_CHUNK = 100;
/** Users ticked per measured chunk (see oneRound). */
const TICK_CHUNK = 100;

const roundSchema = z.object({
  ticks: z.number(),
  wallMs: z.number(),
  tickMs: z.array(z.number()),
  rowsWritten: z.array(z.number().nullable()),
});
const statsSchema = z.object({
  marketReads: z.number(),
  /** RPC requests users made to the market object (bench subclass counters), by method. */
  requests: z.object({
    aaveMarket: z.number(),
    marketView: z.number(),
    priceHistory: z.number(),
    watchPrices: z.number(),
  }),
  priceWatch: z.object({ polls: z.number(), watchers: z.number(), marketReads: z.number() }).nullable(),
});
/** The requests a user's tick makes to the market object (its registration renewals are the scale suite's). */
const userRequests = (r: z.infer<typeof statsSchema>["requests"]) =>
  r.aaveMarket + r.marketView + r.priceHistory + r.watchPrices;

async function postJson(url: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`POST ${new URL(url).pathname}: ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

interface Round {
  calls: number;
  methods: Record<string, number>;
  /** eth_blockNumber calls seen (not in `calls`) and the price watch's polls over the same window. */
  blockNumberCalls: number;
  watchPolls: number;
  marketReads: number;
  /** Durable Object requests the round's ticks made to the market object (its own reads excluded). */
  marketRequests: number;
  cpuMs: number;
  wallMs: number;
  tickMs: number[];
  /** SQLite rows written per tick (empty when the bench object could not count them). */
  rowsWritten: number[];
}

/**
 * tick.rpcCallsPerTick and tick.cpuMsPerUser for N = 1, 10, 100, 1000 user Durable Objects with 3 rules each,
 * created directly in workerd (bench/worker/tickRoutes.ts) and each ticked once per round by the real alarm
 * handler (monitoring + automation tasks). Chain calls are counted at the RPC proxy; CPU is the workerd process's
 * user+system time from /proc over the round (less its idle rate), divided by N.
 */
export async function tickSuite(ctx: SuiteContext): Promise<Results> {
  const { apiUrl, proxy, devnet, workerProcessGroup } = ctx.stack;
  const run = randomBytes(4).toString("hex");
  const bench = (path: string, query: Record<string, string | number>) =>
    `${apiUrl}/__bench/${path}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`;
  const marketStats = async () => {
    const response = await fetch(`${apiUrl}/__bench/market/stats`);
    return statsSchema.parse(await response.json());
  };

  ctx.log(`tick: ${WALLETS} borrower wallets on the devnet`);
  const addresses = (await usersWithPositions(devnet, WALLETS)).map((w) => w.address);

  // workerd's own background CPU (other suites' monitored users, the price watch), subtracted per round.
  const idleStart = groupCpuMs(workerProcessGroup, "workerd");
  await delay(3000);
  const idleCpuPerMs = (groupCpuMs(workerProcessGroup, "workerd") - idleStart) / 3000;

  /** Ticks users [from, to) once each and measures it; `freshMarket` drops the shared market snapshot first. */
  const measure = async (from: number, to: number, freshMarket: boolean): Promise<Round> => {
    proxy.reset();
    const before = await marketStats();
    if (freshMarket) await postJson(`${apiUrl}/__bench/market/invalidate`);
    const cpuBefore = groupCpuMs(workerProcessGroup, "workerd");
    const started = performance.now();
    const round = roundSchema.parse(
      await postJson(bench("tick/round", { run, from, to, concurrency: TICK_CONCURRENCY })),
    );
    const wallMs = performance.now() - started;
    const cpuMs = groupCpuMs(workerProcessGroup, "workerd") - cpuBefore - idleCpuPerMs * wallMs;
    const after = await marketStats();
    const { methods } = proxy.count();
    // eth_blockNumber comes from the market object's price watch (1 poll/s per chain, whatever N is); the
    // watch's own poll counter is kept beside it to show that none came from the ticks.
    const blockNumberCalls = methods.eth_blockNumber ?? 0;
    delete methods.eth_blockNumber;
    return {
      calls: Object.values(methods).reduce((a, b) => a + b, 0),
      methods,
      blockNumberCalls,
      watchPolls: (after.priceWatch?.polls ?? 0) - (before.priceWatch?.polls ?? 0),
      marketReads: after.marketReads - before.marketReads,
      // The object's own reads (price watch, history) no longer pass through the counted method.
      marketRequests: userRequests(after.requests) - userRequests(before.requests),
      cpuMs,
      wallMs,
      tickMs: round.tickMs,
      rowsWritten: round.rowsWritten.filter((x): x is number => x !== null),
    };
  };
  const sum = (parts: Round[]): Round => ({
    calls: parts.reduce((a, p) => a + p.calls, 0),
    methods: parts.reduce<Record<string, number>>((acc, p) => {
      for (const [m, c] of Object.entries(p.methods)) acc[m] = (acc[m] ?? 0) + c;
      return acc;
    }, {}),
    blockNumberCalls: parts.reduce((a, p) => a + p.blockNumberCalls, 0),
    watchPolls: parts.reduce((a, p) => a + p.watchPolls, 0),
    marketReads: parts.reduce((a, p) => a + p.marketReads, 0),
    marketRequests: parts.reduce((a, p) => a + p.marketRequests, 0),
    cpuMs: Math.max(
      0,
      parts.reduce((a, p) => a + p.cpuMs, 0),
    ),
    wallMs: parts.reduce((a, p) => a + p.wallMs, 0),
    tickMs: parts.flatMap((p) => p.tickMs),
    rowsWritten: parts.flatMap((p) => p.rowsWritten),
  });
  /**
   * One tick of all n users with positions expired, and one with positions cached. In chunks of TICK_CHUNK
   * (expire, tick, tick again), so each cached tick falls within its positions' 30 s cache even when ticking
   * 1000 objects takes longer than that on this machine; the market snapshot is dropped once per pass.
   */
  const oneRound = async (n: number): Promise<{ expired: Round; cached: Round }> => {
    const expired: Round[] = [];
    const cached: Round[] = [];
    for (let from = 0; from < n; from += TICK_CHUNK) {
      const to = Math.min(n, from + TICK_CHUNK);
      await postJson(bench("tick/expire", { run, from, to, concurrency: TICK_CONCURRENCY }));
      expired.push(await measure(from, to, from === 0));
      cached.push(await measure(from, to, from === 0));
    }
    return { expired: sum(expired), cached: sum(cached) };
  };

  const results: Results = {};
  /** Per N: Durable Object requests per user tick (the alarm itself + user → market calls), cached / expired. */
  const doRequests: { n: number; cached: number; expired: number; rounds: number }[] = [];
  let seeded = 0;
  for (const { n, repeats } of POPULATIONS) {
    const seedStarted = performance.now();
    for (let from = seeded; from < n; from += SEED_CHUNK) {
      const to = Math.min(n, from + SEED_CHUNK);
      await postJson(bench("tick/seed", { run, from, to, concurrency: 8 }), { addresses });
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    seeded = n;
    ctx.log(`tick: N = ${n} seeded in ${seedSeconds.toFixed(1)} s; ${repeats} × (expired + cached) rounds`);
    const cached: Round[] = [];
    const expired: Round[] = [];
    for (let r = 0; r < repeats; r++) {
      const round = await oneRound(n);
      expired.push(round.expired);
      cached.push(round.cached);
    }
    const callsCached = median(cached.map((x) => x.calls));
    const callsExpired = median(expired.map((x) => x.calls));
    const cpuCached = median(cached.map((x) => x.cpuMs / n));
    const cpuExpired = median(expired.map((x) => x.cpuMs / n));
    const last = (rounds: Round[]) => rounds[rounds.length - 1] as Round;
    const methods = (round: Round) =>
      Object.entries(round.methods)
        .map(([m, c]) => `${m} ${c}`)
        .join(", ") || "none";
    const perUser = (calls: number) => (calls / n).toFixed(3);
    const rows = (rounds: Round[]) => {
      const all = rounds.flatMap((x) => x.rowsWritten);
      return all.length === 0 ? "not counted" : `${median(all)}`;
    };
    results[`tick.rpcCallsPerTick.n${n}`] = metric({
      value: callsCached,
      unit: `JSON-RPC calls for one tick of all ${n} user${n === 1 ? "" : "s"}`,
      alternative: {
        name: "same round, every user's positions expired (30 s cache: every 3rd monitoring tick)",
        value: callsExpired,
      },
      runs: repeats,
      notes: `Counted at the RPC proxy. Positions cached: ${perUser(callsCached)} calls/user; per round ${cached.map((x) => x.calls).join("/")} calls, market reads ${cached.map((x) => x.marketReads).join("/")} (last: ${methods(last(cached))}). Positions expired: ${perUser(callsExpired)} calls/user (last: ${methods(last(expired))}). eth_blockNumber not counted: ${last(cached).blockNumberCalls + last(expired).blockNumberCalls} seen in the last round vs ${last(cached).watchPolls + last(expired).watchPolls} polls by the market's price watch (every ${PRICE_POLL_MS} ms per chain, independent of N). Each user: 3 idle rules, Aave debt, monitoring + automation tasks both run (checked). ${n} objects, ${Math.min(n, WALLETS)} distinct wallets; seeded in ${seedSeconds.toFixed(1)} s.`,
    });
    doRequests.push({
      n,
      cached: 1 + median(cached.map((x) => x.marketRequests / n)),
      expired: 1 + median(expired.map((x) => x.marketRequests / n)),
      rounds: repeats,
    });
    results[`tick.cpuMsPerUser.n${n}`] = metric({
      value: cpuCached,
      unit: "ms workerd CPU per user tick",
      alternative: { name: "same tick with the user's positions expired", value: cpuExpired },
      runs: repeats,
      withRatio: false,
      notes: `workerd user+system CPU from /proc over a round of ${n} ticks (${TICK_CONCURRENCY} objects at a time, chunks of ${TICK_CHUNK}; 10 ms clock; idle rate ${(idleCpuPerMs * 1000).toFixed(0)} ms/s subtracted) ÷ ${n}. Round wall time ${median(cached.map((x) => x.wallMs)).toFixed(0)} ms cached / ${median(expired.map((x) => x.wallMs)).toFixed(0)} ms expired; in-object tick wall time median ${median(cached.flatMap((x) => x.tickMs)).toFixed(1)} ms (includes awaiting the market object and the RPC). SQLite rows written per tick (median, the object's own storage): ${rows(cached)} cached / ${rows(expired)} expired.`,
    });
  }
  const largest = doRequests[doRequests.length - 1];
  if (!largest) throw new Error("no populations measured");
  results["tick.doRequestsPerUserTick"] = metric({
    value: largest.cached,
    unit: "Durable Object requests per user tick (its alarm + its calls to the market object)",
    alternative: { name: "same tick with the user's positions expired", value: largest.expired },
    runs: largest.rounds,
    withRatio: false,
    notes: `Counted, N = ${largest.n}: 1 alarm invocation per tick plus the RPC calls the tick made to the market object (marketView, aaveMarket, priceHistory, watchPrices), counted inside the market object (bench subclass in bench/worker/entry.js; the object's own reads are not counted) over the round, ÷ N. By N (cached / expired): ${doRequests.map((d) => `${d.n}: ${d.cached.toFixed(2)} / ${d.expired.toFixed(2)}`).join("; ")}. Not included: D1 (not a Durable Object), price-watch pushes to users (only when prices move, 1 per watching user per moving block), WebSocket messages.`,
  });
  return results;
}
