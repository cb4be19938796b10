// `npm run bench`: starts its own local stack (devnet → counting RPC proxy → the worker in workerd, plus a
// built extension in headless Chromium), measures each metric beside its alternative in the same run, writes
// bench/results.json and prints a Markdown table. Ports 8850-8899 (VIGIL_BENCH_PORT_BASE moves them). `npm run bench -- --only portfolio,risk`.
import { mkdirSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatTable, type Results, writeResults } from "./lib/results";
import { type BenchStack, startBenchStack } from "./lib/stack";
import { alertSuite } from "./suites/alert";
import { backtestSuite } from "./suites/backtest";
import { bundleSuite } from "./suites/bundle";
import type { SuiteContext } from "./suites/context";
import { extensionSuite } from "./suites/extension";
import { loadSuite } from "./suites/load";
import { CAPACITY_POPULATIONS, objectCapacitySuite } from "./suites/objectCapacity";
import { portfolioSuite } from "./suites/portfolio";
import { riskSuite } from "./suites/risk";
import { scaleSuite } from "./suites/scale";
import { SHARD_COUNTS, scaleShardsSuite } from "./suites/scaleShards";
import { tickSuite } from "./suites/tick";
import { walletRequestSuite } from "./suites/walletRequest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const workDir = join(root, ".cache", "bench");

/**
 * In run order: risk first, so its "first forecast" is the isolate's first; alert and tick before the suites that
 * leave monitored users behind (portfolio, load), so their counts and CPU see only their own users.
 */
const SUITES = {
  risk: { run: riskSuite, keys: ["risk.forecastMs.single", "risk.forecastMs.batch1000"] },
  alert: { run: alertSuite, keys: ["alert.latencyMs.p50", "alert.latencyMs.p95"] },
  tick: {
    run: tickSuite,
    keys: [
      ...[1, 10, 100, 1000].flatMap((n) => [`tick.rpcCallsPerTick.n${n}`, `tick.cpuMsPerUser.n${n}`]),
      "tick.doRequestsPerUserTick",
    ],
  },
  portfolio: { run: portfolioSuite, keys: ["portfolio.rpcRoundTrips.cold", "portfolio.latencyMs.cold"] },
  bundle: { run: bundleSuite, keys: ["worker.bundleGzipKiB"] },
  extension: {
    run: extensionSuite,
    keys: ["extension.popupFirstPaintMs", "extension.popupSnapshotPaintMs", "extension.contentScriptMs"],
  },
  walletRequest: {
    run: walletRequestSuite,
    keys: [
      "nonAave.p50",
      "nonAave.p95",
      "aaveBorrowToCard.p50",
      "aaveBorrowToCard.p95",
      "aaveBorrowAfterProceed.p50",
      "aaveBorrowAfterProceed.p95",
    ].map((k) => `extension.walletRequestOverheadMs.${k}`),
  },
  load: { run: loadSuite, keys: ["api.loadRps"] },
  scale: {
    run: scaleSuite,
    keys: [
      ...[100, 1000, 10000].flatMap((n) => [
        `scale.rpcCallsPerBlock.n${n}`,
        `scale.usersWokenPerPriceMove.n${n}`,
      ]),
      "scale.rpcCallsPerIdleUserPerHour",
      "scale.doRequestsPerIdleUserPerHour",
      "scale.alertLatencyMs.p95",
      "scale.positionFreshness",
      "scale.marketObjectRequestsPerSecond",
    ],
  },
  shards: {
    run: scaleShardsSuite,
    keys: [
      ...SHARD_COUNTS.flatMap((k) => [
        `scale.shards.blockToCaughtUpMs.k${k}`,
        `scale.shards.rpcCallsPerBlock.k${k}`,
      ]),
      "scale.shards.sameWakes",
    ],
  },
  backtest: { run: backtestSuite, keys: ["backtest.msPerSimulatedYear"] },
  // In-process: needs no stack (bench/suites/objectCapacity.ts).
  capacity: {
    run: objectCapacitySuite,
    keys: [
      ...CAPACITY_POPULATIONS.flatMap((n) => [`capacity.blockMs.oneAsset.n${n}`, `capacity.restoreMs.n${n}`]),
      "capacity.heapBytesPerWatchedUser",
      "capacity.usersPerObject",
    ],
    stackless: true,
  },
} as const satisfies Record<
  string,
  { run: (ctx: SuiteContext) => Promise<Results>; keys: readonly string[]; stackless?: boolean }
>;

function parseOnly(argv: readonly string[]): Set<string> {
  const i = argv.indexOf("--only");
  const names = i >= 0 ? (argv[i + 1] ?? "").split(",") : Object.keys(SUITES);
  for (const name of names)
    if (!(name in SUITES)) throw new Error(`unknown suite "${name}": ${Object.keys(SUITES).join(", ")}`);
  return new Set(names);
}

async function main(): Promise<number> {
  const only = parseOnly(process.argv.slice(2));
  mkdirSync(workDir, { recursive: true });
  const started = performance.now();
  const log = (line: string) =>
    console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0)}s] ${line}`);
  const cpu = cpus();
  const machine = {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
  };

  let stack: BenchStack | undefined;
  const stopStack = async () => {
    const s = stack;
    stack = undefined;
    await s?.stop();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void stopStack().finally(() => process.exit(130)));
  }
  const results: Results = {};
  let failed = 0;
  try {
    // In-process suites alone need no devnet, proxy or worker.
    const needsStack = Object.entries(SUITES).some(
      ([name, suite]) => only.has(name) && !("stackless" in suite),
    );
    if (needsStack) {
      log("starting devnet, RPC proxy and wrangler dev");
      stack = await startBenchStack({ root, workDir });
    }
    for (const [name, suite] of Object.entries(SUITES)) {
      if (!only.has(name)) continue;
      log(`${name}…`);
      try {
        const ctx: SuiteContext | null = stack ? { root, workDir, stack, log } : null;
        if ("stackless" in suite) Object.assign(results, await suite.run({ log }));
        else if (ctx) Object.assign(results, await suite.run(ctx));
      } catch (error) {
        failed += 1;
        console.error(error);
        for (const key of suite.keys)
          results[key] = { notMeasured: `failed in this run: ${String(error).slice(0, 200)}` };
      }
    }
  } finally {
    await stopStack();
  }
  const out = join(root, "bench", "results.json");
  writeResults(out, results, machine);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\nVigil benchmarks — ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${seconds.toFixed(0)} s\n`,
  );
  console.log(formatTable(results));
  console.log(`\nwritten: ${out}`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
