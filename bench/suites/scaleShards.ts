import { randomBytes } from "node:crypto";
import { z } from "zod";
import { setPrice } from "../../devnet/actions/setPrice";
import { devnetSession } from "../../devnet/session";
import { delay } from "../../e2e/harness/processes";
import { metric, type Results } from "../lib/results";
import { median } from "../lib/stats";
import type { SuiteContext } from "./context";

/** Synthetic watched users, the same ones for each shard count. */
const N = 40_000;
export const SHARD_COUNTS = [1, 4] as const;
/** Blocks per shard count, each moving WETH 1 % (down, up, …). */
const MOVING_BLOCKS = 6;
const START_WETH_USD = 3_350;

const watchSchema = z
  .object({
    watchers: z.number(),
    blocks: z.number(),
    lastScannedBlock: z.string().nullable(),
    wakes: z.object({ positions: z.number(), prices: z.number(), resync: z.number(), failed: z.number() }),
  })
  .nullable();
const objectSchema = z.object({
  positionWatch: watchSchema,
  requests: z.record(z.string(), z.number()),
  syntheticWakes: z.number(),
});
const statsSchema = z.object({ coordinator: objectSchema, shards: z.array(objectSchema) });
type Stats = z.infer<typeof statsSchema>;

/** The objects that hold registrations for this shard count (the coordinator alone, or its shards). */
const holdersOf = (s: Stats) => (s.shards.length > 0 ? s.shards : [s.coordinator]);
const watchers = (s: Stats) => holdersOf(s).reduce((sum, o) => sum + (o.positionWatch?.watchers ?? 0), 0);
const priceWakes = (s: Stats) =>
  holdersOf(s).reduce((sum, o) => sum + (o.positionWatch?.wakes.prices ?? 0), 0);
const shardRequests = (s: Stats) => s.shards.reduce((sum, o) => sum + (o.requests.indexBlock ?? 0), 0);

/**
 * scale.shards.*: the same 40,000 synthetic users registered with the chain's market object alone, then split
 * over 4 index shards, under the same WETH moves. Per block: whether the same number of users is woken, what it
 * costs in RPC (read once by the coordinator whatever the shard count) and in requests between objects, and how
 * long from the price transaction to every holder having read the block and answered its wakes. Locally all
 * objects share one workerd process on 2 cores, so the shards' parallelism does not show in that time; what a
 * shard saves per block in its own CPU is `capacity.blockMs.*` at N ÷ shards.
 */
export async function scaleShardsSuite(ctx: SuiteContext): Promise<Results> {
  const { apiUrl, proxy, devnet } = ctx.stack;
  const run = randomBytes(4).toString("hex");
  const session = devnetSession(devnet.rpcUrl, devnet.info);
  const route = (path: string, query: Record<string, string | number>) =>
    `${apiUrl}/__bench/scale/${path}?${new URLSearchParams(Object.entries({ run, ...query }).map(([k, v]) => [k, String(v)]))}`;
  const call = async (path: string, query: Record<string, string | number>) => {
    const response = await fetch(route(path, query), { method: "POST" });
    const text = await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as unknown;
  };
  const stats = async (shards: number) => statsSchema.parse(await call("shardStats", { shards }));
  const rpc = async (method: string) => {
    const response = await fetch(devnet.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] }),
    });
    return ((await response.json()) as { result: string }).result;
  };
  const head = async () => BigInt(await rpc("eth_blockNumber"));
  /** Until the coordinator and every holder have read the head (a holder's wakes are answered before it returns). */
  const caughtUp = async (shards: number) => {
    const target = await head();
    for (let i = 0; i < 600; i++) {
      const s = await stats(shards);
      const objects = [s.coordinator, ...s.shards];
      if (objects.every((o) => BigInt(o.positionWatch?.lastScannedBlock ?? "0") >= target)) return s;
      await delay(100);
    }
    throw new Error(`the watch (${shards} shard(s)) did not catch up with the head in 60 s`);
  };

  await setPrice(session, "WETH", START_WETH_USD);
  const results: Results = {};
  const wokenByCount = new Map<number, number[]>();
  for (const shards of SHARD_COUNTS) {
    await call("shardReset", { shards: Math.max(...SHARD_COUNTS) });
    const seeded = performance.now();
    for (let from = 0; from < N; from += 10_000)
      await call("shardSynthetic", { shards, from, to: Math.min(N, from + 10_000) });
    // A new block: shards that just announced themselves get their first one.
    await rpc("evm_mine");
    let s = await caughtUp(shards);
    if (watchers(s) !== N) throw new Error(`${watchers(s)} of ${N} registered with ${shards} shard(s)`);
    ctx.log(
      `shards: ${N} users over ${shards} object(s), ${((performance.now() - seeded) / 1000).toFixed(0)} s`,
    );

    const woken: number[] = [];
    const ms: number[] = [];
    const rpcPerBlock: number[] = [];
    const forwards: number[] = [];
    let weth = START_WETH_USD;
    for (let b = 0; b < MOVING_BLOCKS; b++) {
      proxy.reset();
      const before = s;
      weth = b % 2 === 0 ? weth * 0.99 : START_WETH_USD;
      const started = performance.now();
      await setPrice(session, "WETH", weth);
      s = await caughtUp(shards);
      ms.push(performance.now() - started);
      woken.push(priceWakes(s) - priceWakes(before));
      forwards.push(shardRequests(s) - shardRequests(before));
      const { methods } = proxy.count();
      // The watch's own reads for the block (head polls apart).
      rpcPerBlock.push((methods.eth_call ?? 0) + (methods.eth_getLogs ?? 0));
    }
    await setPrice(session, "WETH", START_WETH_USD);
    await caughtUp(shards);
    wokenByCount.set(shards, woken);
    results[`scale.shards.blockToCaughtUpMs.k${shards}`] = metric({
      value: median(ms),
      unit: `ms from a 1 % WETH move to every holder having read the block and answered its wakes, ${N} users, ${shards} object(s)`,
      runs: MOVING_BLOCKS,
      withRatio: false,
      notes: `Users woken per block: ${woken.join(", ")}. RPC per block (eth_call + eth_getLogs at the proxy, head polls apart): ${rpcPerBlock.join(", ")}. Blocks forwarded to shards per block: ${forwards.join(", ")}. One workerd process on this machine: the shards' parallel CPU does not show here.`,
    });
    results[`scale.shards.rpcCallsPerBlock.k${shards}`] = metric({
      value: median(rpcPerBlock),
      unit: `eth_call + eth_getLogs per price block, ${N} users over ${shards} object(s)`,
      runs: MOVING_BLOCKS,
      withRatio: false,
      notes:
        "Counted at the proxy between the worker and the devnet (the price transaction goes to the devnet directly).",
    });
  }
  await call("shardReset", { shards: Math.max(...SHARD_COUNTS) });

  const one = wokenByCount.get(1) ?? [];
  const many = wokenByCount.get(Math.max(...SHARD_COUNTS)) ?? [];
  const same = one.length === many.length && one.every((w, i) => w === many[i]);
  results["scale.shards.sameWakes"] = metric({
    value: same ? 1 : 0,
    unit: "1 when the shards woke as many users as one object, block by block",
    runs: MOVING_BLOCKS,
    withRatio: false,
    notes: `1 object: ${one.join(", ")}; ${Math.max(...SHARD_COUNTS)} shards: ${many.join(", ")}.`,
  });
  return results;
}
