import { randomBytes } from "node:crypto";
import { z } from "zod";
import { setPrice } from "../../devnet/actions/setPrice";
import { devnetSession } from "../../devnet/session";
import { delay } from "../../e2e/harness/processes";
import { PRICE_POLL_MS } from "../../worker/defi/market/headPoll";
import { metric, type Results } from "../lib/results";
import { median } from "../lib/stats";
import { usersWithPositions } from "../lib/users";
import type { SuiteContext } from "./context";
import { alertLatency } from "./scaleAlertLatency";
import { marketLoad } from "./scaleMarketLoad";
import { positionFreshness } from "./scalePositionFreshness";

/** Real user objects (with positions on the devnet) up to this many; synthetic index entries beyond. */
const REAL_MAX = 1_000;
const POPULATIONS = [100, 1_000, 10_000] as const;
const WALLETS = 10;
const SEED_CHUNK = 100;
/** Blocks mined (no event naming any watched wallet, no price change) per idle window, one every BLOCK_MS. */
const IDLE_BLOCKS = 10;
const BLOCK_MS = 1_500;
/** Users whose heartbeat is measured (a sample of the real ones). */
const HEARTBEAT_SAMPLE = 100;
const HEARTBEAT_INTERVAL_H = 1;
const POSITIONS_GUARD_H = 24;
const START_WETH_USD = 3_350;

const statsSchema = z.object({
  positionWatch: z
    .object({
      watchers: z.number(),
      blocks: z.number(),
      logReads: z.number(),
      gaps: z.number(),
      wakes: z.object({ positions: z.number(), prices: z.number(), resync: z.number(), failed: z.number() }),
      lastPriceLookup: z.object({ by: z.string(), examined: z.number(), woken: z.number() }).nullable(),
      lastScannedBlock: z.string().nullable(),
      lastWakeMs: z.number().nullable(),
      lastWoken: z.number(),
    })
    .nullable(),
  priceWatch: z.object({ polls: z.number(), blocksSeen: z.number(), marketReads: z.number() }).nullable(),
  requests: z.record(z.string(), z.number()),
  syntheticWakes: z.number(),
  marketReads: z.number(),
});
type Stats = z.infer<typeof statsSchema>;

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

const sumRequests = (s: Stats) => Object.values(s.requests).reduce((a, b) => a + b, 0);

/**
 * scale.*: users woken on need. N user objects registered with the chain's market object (real user objects
 * with devnet positions up to REAL_MAX, synthetic index entries beyond), then: RPC calls per block while nothing
 * happens to anyone (flat in N?), what an idle user costs per hour (its heartbeat, measured on a sample), and how
 * many users a price move wakes against N.
 */
export async function scaleSuite(ctx: SuiteContext): Promise<Results> {
  const { apiUrl, proxy, devnet } = ctx.stack;
  const run = randomBytes(4).toString("hex");
  const session = devnetSession(devnet.rpcUrl, devnet.info);
  const route = (path: string, query: Record<string, string | number> = {}) =>
    `${apiUrl}/__bench/scale/${path}?${new URLSearchParams(Object.entries({ run, ...query }).map(([k, v]) => [k, String(v)]))}`;
  const stats = async () => statsSchema.parse(await (await fetch(route("stats"))).json());
  const rpc = async (method: string, params: unknown[] = []) => {
    const response = await fetch(devnet.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    return ((await response.json()) as { result: unknown }).result;
  };
  const head = async () => BigInt(String(await rpc("eth_blockNumber")));
  /** Until the position watch has read the head and answered every wake. */
  const caughtUp = async () => {
    const target = await head();
    for (let i = 0; i < 300; i++) {
      const s = await stats();
      if (s.positionWatch?.lastScannedBlock && BigInt(s.positionWatch.lastScannedBlock) >= target) return s;
      await delay(200);
    }
    throw new Error("the position watch did not catch up with the head in 60 s");
  };

  ctx.log(`scale: ${WALLETS} borrower wallets on the devnet`);
  const wallets = await usersWithPositions(devnet, WALLETS);
  const addresses = wallets.map((w) => w.address);

  const results: Results = {};
  const perBlock: string[] = [];
  const selectivity: string[] = [];
  let weth = START_WETH_USD;
  let real = 0;
  let synthetic = 0;
  for (const n of POPULATIONS) {
    const seedStarted = performance.now();
    const realTarget = Math.min(n, REAL_MAX);
    for (let from = real; from < realTarget; from += SEED_CHUNK) {
      await postJson(route("seed", { from, to: Math.min(realTarget, from + SEED_CHUNK), concurrency: 8 }), {
        addresses,
      });
    }
    real = realTarget;
    if (n > real) {
      await postJson(route("synthetic", { from: synthetic, to: n - real }));
      synthetic = n - real;
    }
    const seeded = await caughtUp();
    const watchers = seeded.positionWatch?.watchers ?? 0;
    ctx.log(
      `scale: N = ${n} (${real} real, ${synthetic} synthetic) registered: ${watchers} watchers, ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`,
    );
    if (watchers < n) throw new Error(`only ${watchers} of ${n} users registered with the market object`);

    // Idle window: blocks with nothing for anyone. Everything counted at the proxy.
    await delay(2_000);
    await caughtUp();
    proxy.reset();
    const before = await stats();
    const started = performance.now();
    for (let b = 0; b < IDLE_BLOCKS; b++) {
      await rpc("evm_mine");
      await delay(BLOCK_MS);
    }
    const after = await caughtUp();
    const seconds = (performance.now() - started) / 1000;
    const { calls, methods } = proxy.count();
    const blocks = (after.positionWatch?.blocks ?? 0) - (before.positionWatch?.blocks ?? 0);
    const marketReads = after.marketReads - before.marketReads;
    const logReads = (after.positionWatch?.logReads ?? 0) - (before.positionWatch?.logReads ?? 0);
    const headPolls = (after.priceWatch?.polls ?? 0) - (before.priceWatch?.polls ?? 0);
    const userCalls = calls - marketReads - logReads - headPolls;
    const requests = sumRequests(after) - sumRequests(before);
    const wakes = (s: Stats) =>
      s.positionWatch
        ? s.positionWatch.wakes.positions + s.positionWatch.wakes.prices + s.positionWatch.wakes.resync
        : 0;
    const wakesInWindow = wakes(after) - wakes(before);
    results[`scale.rpcCallsPerBlock.n${n}`] = metric({
      value: (calls - headPolls) / blocks,
      unit: `JSON-RPC calls per new block, all ${n} users (head polls apart)`,
      alternative: {
        name: "the seed's design: 2 eth_call per monitored user per 30 s, per 12 s block",
        value: (2 * n * 12) / 30,
      },
      runs: blocks,
      notes: `Counted at the RPC proxy over ${blocks} mined blocks (${seconds.toFixed(0)} s, one per ${BLOCK_MS / 1000} s) with ${n} users registered (${real} real user objects, ${synthetic} synthetic index entries), nobody named by an event, prices unchanged: ${Object.entries(
        methods,
      )
        .map(([m, c]) => `${m} ${c}`)
        .join(
          ", ",
        )}. Per block: ${(marketReads / blocks).toFixed(2)} market reads (eth_call), ${(logReads / blocks).toFixed(2)} eth_getLogs; plus ${headPolls} eth_blockNumber head polls (every ${PRICE_POLL_MS} ms whatever N: ${(headPolls / blocks).toFixed(2)} per block here, ${(12_000 / PRICE_POLL_MS).toFixed(0)} per mainnet block). Calls by users: ${userCalls}. Wakes: ${wakesInWindow}. DO requests to the market object: ${requests}.`,
    });
    perBlock.push(`${n}: ${((calls - headPolls) / blocks).toFixed(2)}`);
    if (n === POPULATIONS[POPULATIONS.length - 1] || n === REAL_MAX) {
      results[`scale.idleWindowUserCalls.n${n}`] = metric({
        value: userCalls,
        unit: `RPC calls made by ${n} idle users in ${seconds.toFixed(0)} s`,
        runs: 1,
        withRatio: false,
        notes: `Everything at the proxy minus the market object's own (head polls ${headPolls}, market reads ${marketReads}, log reads ${logReads}); user → market requests ${requests}; wakes ${wakesInWindow}.`,
      });
    }

    // A price move: WETH −3 % (crosses the lines of users whose HF sits within 3 % above a line), then back.
    for (const factor of [0.97, 1 / 0.97]) {
      const s0 = await caughtUp();
      const target = weth * factor;
      const moveStarted = performance.now();
      await setPrice(session, "WETH", target);
      weth = target;
      const s1 = await caughtUp();
      const ms = performance.now() - moveStarted;
      const woken = (s1.positionWatch?.wakes.prices ?? 0) - (s0.positionWatch?.wakes.prices ?? 0);
      const lookup = s1.positionWatch?.lastPriceLookup;
      selectivity.push(
        `N ${n}, WETH ${factor < 1 ? "−3 %" : "+3 %"}: ${woken} woken (${((100 * woken) / n).toFixed(1)} %), found by ${lookup?.by ?? "?"} looking at ${lookup?.examined ?? "?"} levels, wakes answered in ${s1.positionWatch?.lastWakeMs?.toFixed(0) ?? "?"} ms, tx → caught up ${ms.toFixed(0)} ms`,
      );
      if (factor < 1) {
        results[`scale.usersWokenPerPriceMove.n${n}`] = metric({
          value: woken,
          unit: `users woken by a 3 % WETH move, of ${n} watched`,
          alternative: { name: "per-block price push (every watcher called)", value: n },
          runs: 1,
          notes: `${lookup?.by === "levels" ? "Found through the sorted price levels" : "Found by scanning exposed users"}: ${lookup?.examined ?? "?"} levels looked at for ${n} users. Each woken user is called once and answers with its new registration; wakes answered in ${s1.positionWatch?.lastWakeMs?.toFixed(0) ?? "?"} ms (${real} real, ${synthetic} synthetic: a synthetic wake is counted, not a user object call). Thresholds spread 1.2 … 2.79; health factors 2.4 … 2.8 (real wallets), 1.1 … 3 (synthetic).`,
        });
      }
    }
    if (n === REAL_MAX) {
      results["scale.alertLatencyMs.p95"] = await alertLatency({
        n,
        session,
        addresses,
        weth,
        caughtUp: async () => ({ pricesWakes: (await caughtUp()).positionWatch?.wakes.prices ?? 0 }),
        alerts: (since) => postJson(route("alerts", { from: 0, to: n, since, concurrency: 16 })),
      });
      ctx.log(`scale: alert latency at N = ${n}: ${results["scale.alertLatencyMs.p95"].notes}`);
      results["scale.positionFreshness"] = await positionFreshness({
        session,
        wallet: wallets[0] as (typeof wallets)[number],
        head,
        portfolio: async () =>
          (await fetch(route("portfolio", { from: 0, to: 1, address: addresses[0] as string }))).json(),
      });
      ctx.log(`scale: position freshness: ${results["scale.positionFreshness"].notes}`);
    }
  }

  // What an idle user costs per hour: one heartbeat (positions cached: kept by events), and its share of the
  // positions guard re-read (every POSITIONS_GUARD_H), measured on a sample of real users.
  await caughtUp();
  const heartbeat = async (expire: boolean) => {
    if (expire) {
      for (let from = 0; from < HEARTBEAT_SAMPLE; from += 50)
        await postJson(route("expire", { from, to: from + 50 }));
    }
    await postJson(route("heartbeat", { from: 0, to: 2 })); // the market snapshot warm, as between blocks
    proxy.reset();
    const before = await stats();
    const out = (await postJson(route("heartbeat", { from: 0, to: HEARTBEAT_SAMPLE, concurrency: 8 }))) as {
      ms: number[];
    };
    const after = await stats();
    const { calls, methods } = proxy.count();
    const marketOwn =
      after.marketReads -
      before.marketReads +
      (after.priceWatch?.polls ?? 0) -
      (before.priceWatch?.polls ?? 0) +
      (after.positionWatch?.logReads ?? 0) -
      (before.positionWatch?.logReads ?? 0);
    return {
      calls: (calls - marketOwn) / HEARTBEAT_SAMPLE,
      methods,
      marketOwn,
      requests: (sumRequests(after) - sumRequests(before)) / HEARTBEAT_SAMPLE,
      byMethod: Object.fromEntries(
        Object.keys(after.requests).map((k) => [
          k,
          ((after.requests[k] ?? 0) - (before.requests[k] ?? 0)) / HEARTBEAT_SAMPLE,
        ]),
      ),
      ms: median(out.ms),
    };
  };
  const cached = await heartbeat(false);
  const expired = await heartbeat(true);
  const callsPerHour =
    cached.calls / HEARTBEAT_INTERVAL_H + (expired.calls - cached.calls) / POSITIONS_GUARD_H;
  results["scale.rpcCallsPerIdleUserPerHour"] = metric({
    value: callsPerHour,
    unit: "RPC calls per idle user per hour",
    alternative: { name: "the seed's design: 2 eth_call per 30 s", value: 240 },
    runs: HEARTBEAT_SAMPLE,
    notes: `Measured per heartbeat on ${HEARTBEAT_SAMPLE} real users: ${cached.calls.toFixed(2)} calls with positions kept by events (1 heartbeat/h), ${expired.calls.toFixed(2)} with positions expired (the ${POSITIONS_GUARD_H} h guard re-read); = ${cached.calls.toFixed(2)} × 1/h + ${(expired.calls - cached.calls).toFixed(2)} / ${POSITIONS_GUARD_H} h. Idle windows between heartbeats: 0 calls by users (see scale.idleWindowUserCalls). Market object's own calls during the batch subtracted (${cached.marketOwn} / ${expired.marketOwn}). Methods (cached): ${
      Object.entries(cached.methods)
        .map(([m, c]) => `${m} ${c}`)
        .join(", ") || "none"
    }.`,
  });
  results["scale.doRequestsPerIdleUserPerHour"] = metric({
    value: 1 + cached.requests,
    unit: "Durable Object requests per idle user per hour",
    alternative: { name: "the seed's design (10 s alarm, ~14 per 30 s)", value: 14 * 120 },
    runs: HEARTBEAT_SAMPLE,
    notes: `1 alarm per hour + ${cached.requests.toFixed(2)} calls to the market object per heartbeat (${Object.entries(
      cached.byMethod,
    )
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(
        ", ",
      )}), counted in the market object; the registration is renewed every other heartbeat (half its 3 h lease) or when it changed. Wakes add 1 each, only when something happens to the user. Heartbeat wall time median ${cached.ms.toFixed(0)} ms.`,
  });
  const last = Math.max(...POPULATIONS);
  results["scale.marketObjectRequestsPerSecond"] = await marketLoad({
    n: last,
    session,
    weth,
    caughtUp: async () => {
      const s = await caughtUp();
      const wakes = s.positionWatch
        ? s.positionWatch.wakes.positions + s.positionWatch.wakes.prices + s.positionWatch.wakes.resync
        : 0;
      return { requests: sumRequests(s), wakes, syntheticWakes: s.syntheticWakes };
    },
    heartbeatRequests: cached.requests,
    heartbeatsPerHour: 1 / HEARTBEAT_INTERVAL_H,
  });
  ctx.log(
    `scale: market object load at N = ${last}: ${results["scale.marketObjectRequestsPerSecond"].notes}`,
  );
  results["scale.wakeSelectivity"] = metric({
    value: 0,
    unit: "(see notes: users woken per price move against N)",
    runs: POPULATIONS.length,
    withRatio: false,
    notes: `${selectivity.join("; ")}. Calls per block by N: ${perBlock.join("; ")}.`,
  });
  // Leave the devnet's price as found.
  await setPrice(session, "WETH", START_WETH_USD);
  return results;
}
