// capacity.*: how many watched users one market object can hold, measured on its own position watch (the same
// code the object runs, in Node's V8, the engine workerd embeds): memory per watched user, CPU per block for a
// one-asset move (sorted levels), a several-asset move (scan, then rebuild), one changed registration, and the
// restore after an eviction (every stored registration parsed and indexed again, before any request runs).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { devnetDeployment } from "../../shared/chains/devnet";
import type { AaveMarketSnapshot } from "../../worker/defi/aave/snapshots";
import { PositionWatch, type PositionWatchKv } from "../../worker/defi/market/positionWatch";
import type { WakeRegistration } from "../../worker/defi/market/wakeIndex";
import { metric, type Results } from "../lib/results";
import { median } from "../lib/stats";
import { syntheticRegistration } from "../worker/syntheticUsers";
import type { SuiteContext } from "./context";

export const CAPACITY_POPULATIONS = [10_000, 100_000, 300_000] as const;
/** Cloudflare's memory limit for one isolate (a Durable Object's), in bytes. */
const OBJECT_MEMORY_LIMIT = 128 * 2 ** 20;
/** What the index may take of it: the rest is the runtime, the bundle, the market snapshot and price history. */
const INDEX_MEMORY_SHARE = 0.75;
/** How many blocks of each kind are timed per population (median reported). */
const TIMED_BLOCKS = 5;

type Kv = PositionWatchKv;

/** A storage stand-in for the object's SQLite KV: `keep` holds records (restore), otherwise writes are dropped. */
function memoryKv(keep: boolean): Kv {
  const records = new Map<string, unknown>();
  return {
    get: <T>(key: string) => records.get(key) as T | undefined,
    put: (key: string, value: unknown) => {
      if (keep) records.set(key, value);
    },
    delete: (key: string) => records.delete(key),
    list: <T>(options?: { prefix?: string }) =>
      [...records].filter(([key]) => key.startsWith(options?.prefix ?? "")) as [string, T][],
  };
}

/** A watcher id as a user object's id string looks (64 hex digits). */
const watcherId = (i: number) => i.toString(16).padStart(16, "0") + "5a".repeat(24);

const WETH = devnetDeployment.reserves.WETH.underlying;
const DAI = devnetDeployment.reserves.DAI.underlying;

/** A market snapshot with only what the position watch reads: the reserves' prices in the reference currency. */
function snapshot(wethUsd: number, daiUsd = 1): AaveMarketSnapshot {
  const reserve = (asset: string, usd: number) => ({
    underlyingAsset: asset,
    aTokenAddress: asset,
    priceInMarketReferenceCurrency: BigInt(Math.round(usd * 1e8)),
  });
  return {
    baseCurrency: {
      marketReferenceCurrencyUnit: 10n ** 8n,
      marketReferenceCurrencyPriceInUsd: 10n ** 8n,
      networkBaseTokenPriceInUsd: 10n ** 8n,
      networkBaseTokenPriceDecimals: 8,
    },
    reserves: [reserve(WETH, wethUsd), reserve(DAI, daiUsd)],
  } as unknown as AaveMarketSnapshot;
}

function watchOver(kv: Kv, registrations: (i: number) => WakeRegistration): PositionWatch {
  return new PositionWatch({
    kv,
    chainId: 31337,
    now: () => Date.now(),
    positionLogs: async () => [],
    // A woken synthetic user answers with its registration unchanged, as an idle real one does.
    wake: async (id) => registrations(Number.parseInt(id.slice(0, 16), 16)),
    log: () => undefined,
  });
}

interface Measured {
  n: number;
  bytesPerUser: number;
  registerAllMs: number;
  oneAssetMs: number;
  oneAssetWoken: number;
  scanMs: number;
  rebuildMs: number;
  changedRegistrationMs: number;
  restoreMs: number;
}

async function measure(n: number, gc: () => void): Promise<Measured> {
  const heap = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const ids = Array.from({ length: n }, (_, i) => watcherId(i));
  const before = heap();
  const watch = watchOver(memoryKv(false), syntheticRegistration);
  let started = performance.now();
  for (let i = 0; i < n; i++) watch.register(ids[i] as string, syntheticRegistration(i), 1n);
  const registerAllMs = performance.now() - started;
  let block = 2n;
  let weth = 3_350;
  await watch.onBlock(block++, snapshot(weth));
  // The first move builds the sorted levels; it is not timed.
  weth *= 0.99;
  await watch.onBlock(block++, snapshot(weth));
  const bytesPerUser = (heap() - before) / n;

  const oneAsset: number[] = [];
  const woken: number[] = [];
  for (let b = 0; b < TIMED_BLOCKS; b++) {
    weth = b % 2 === 0 ? weth / 0.99 : weth * 0.99;
    started = performance.now();
    const { woken: ids } = await watch.onBlock(block++, snapshot(weth));
    oneAsset.push(performance.now() - started);
    woken.push(ids.length);
  }
  const scan: number[] = [];
  const rebuild: number[] = [];
  for (let b = 0; b < TIMED_BLOCKS; b++) {
    // Two assets moved in one block: every exposed user is checked, and the levels are rebuilt before the next.
    started = performance.now();
    await watch.onBlock(block++, snapshot(weth * 0.995, b % 2 === 0 ? 1.001 : 1));
    scan.push(performance.now() - started);
    weth = b % 2 === 0 ? weth / 0.99 : weth * 0.99;
    started = performance.now();
    await watch.onBlock(block++, snapshot(weth, b % 2 === 0 ? 1.001 : 1));
    rebuild.push(performance.now() - started);
  }
  const changed: number[] = [];
  for (let b = 0; b < TIMED_BLOCKS; b++) {
    const i = (b * 7_919) % n;
    started = performance.now();
    watch.register(ids[i] as string, { ...syntheticRegistration(i), lines: [1, 1.1 + b / 100] }, block);
    changed.push(performance.now() - started);
  }

  // After an eviction: every stored registration is read, parsed and indexed before the object answers.
  const stored = memoryKv(true);
  const writer = watchOver(stored, syntheticRegistration);
  for (let i = 0; i < n; i++) writer.register(ids[i] as string, syntheticRegistration(i), 1n);
  started = performance.now();
  const restored = watchOver(stored, syntheticRegistration);
  const restoreMs = performance.now() - started;
  if (restored.stats().watchers !== n) throw new Error(`restored ${restored.stats().watchers} of ${n}`);

  return {
    n,
    bytesPerUser,
    registerAllMs,
    oneAssetMs: median(oneAsset),
    oneAssetWoken: median(woken),
    scanMs: median(scan),
    rebuildMs: median(rebuild),
    changedRegistrationMs: median(changed),
    restoreMs,
  };
}

export async function objectCapacitySuite(ctx: Pick<SuiteContext, "log">): Promise<Results> {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const results: Results = {};
  const rows: Measured[] = [];
  for (const n of CAPACITY_POPULATIONS) {
    ctx.log(`capacity: ${n} watched users`);
    const m = await measure(n, gc);
    rows.push(m);
    results[`capacity.blockMs.oneAsset.n${n}`] = metric({
      value: m.oneAssetMs,
      unit: `ms of the market object's CPU for a block moving one asset 1 %, ${n} watched users`,
      runs: TIMED_BLOCKS,
      withRatio: false,
      notes: `Median of ${TIMED_BLOCKS} blocks, each waking ~${m.oneAssetWoken} users (their wake answered at once: the user objects' own work is not in this figure). Several assets moving in one block: ${m.scanMs.toFixed(0)} ms (every exposed user checked), then ${m.rebuildMs.toFixed(0)} ms for the next block (levels rebuilt). One changed registration: ${m.changedRegistrationMs.toFixed(2)} ms. Registering all ${n}: ${m.registerAllMs.toFixed(0)} ms.`,
    });
    results[`capacity.restoreMs.n${n}`] = metric({
      value: m.restoreMs,
      unit: `ms to restore ${n} registrations after an eviction (parse + index; SQLite reads not included)`,
      runs: 1,
      withRatio: false,
      notes: "Requests wait for it (blockConcurrencyWhile in the market object's constructor).",
    });
  }
  const at = rows.find((r) => r.n === 100_000) ?? rows[rows.length - 1];
  if (!at) return results;
  const usersPerObject = Math.floor((OBJECT_MEMORY_LIMIT * INDEX_MEMORY_SHARE) / at.bytesPerUser);
  results["capacity.heapBytesPerWatchedUser"] = metric({
    value: at.bytesPerUser,
    unit: "bytes of V8 heap per watched user in the position watch (index, levels, lease)",
    runs: 1,
    withRatio: false,
    notes: rows.map((r) => `N ${r.n}: ${r.bytesPerUser.toFixed(0)} B`).join("; "),
  });
  results["capacity.usersPerObject"] = metric({
    value: usersPerObject,
    unit: `watched users one object holds in ${INDEX_MEMORY_SHARE * 100} % of its 128 MiB`,
    runs: 1,
    withRatio: false,
    notes: `${(OBJECT_MEMORY_LIMIT / 2 ** 20).toFixed(0)} MiB × ${INDEX_MEMORY_SHARE} ÷ ${at.bytesPerUser.toFixed(0)} B (measured at N = ${at.n}). CPU is not the bound there: a one-asset block at N = ${at.n} takes ${at.oneAssetMs.toFixed(0)} ms, a several-asset block ${at.scanMs.toFixed(0)} + ${at.rebuildMs.toFixed(0)} ms, a restore ${at.restoreMs.toFixed(0)} ms.`,
  });
  return results;
}
