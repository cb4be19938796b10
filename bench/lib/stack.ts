import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type StartedDevnet, startDevnet } from "../../devnet/testing";
import { type CountingProxy, startCountingProxy } from "./countingProxy";
import { spawnTracked, type Tracked, waitUntil } from "./processes";

/** The benchmark's ports (8850-8899): fixed, so leftovers of a killed run are easy to find. */
export const BENCH_PORTS = {
  devnet: 8850,
  rpcProxy: 8851,
  worker: 8852,
  workerInspector: 8853,
  demo: 8854,
} as const;

export const quietWrangler = { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

export interface BenchStack {
  devnet: StartedDevnet;
  proxy: CountingProxy;
  apiUrl: string;
  /** Process group of `wrangler dev` (its workerd runs in it): for CPU accounting (bench/lib/processCpu.ts). */
  workerProcessGroup: number;
  stop(): Promise<void>;
}

/**
 * devnet (real Aave V3 on anvil) → counting RPC proxy → the worker in workerd (`wrangler dev` of
 * bench/worker/entry.js with the root wrangler.toml's bindings and fresh local state). Stopped in reverse.
 */
export async function startBenchStack(opts: { root: string; workDir: string }): Promise<BenchStack> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch(() => undefined);
  };
  try {
    const devnet = await startDevnet({ port: BENCH_PORTS.devnet });
    stops.push(devnet.stop);
    const proxy = await startCountingProxy({ port: BENCH_PORTS.rpcProxy, target: devnet.rpcUrl });
    stops.push(proxy.stop);
    const worker = await startWorker({ ...opts, rpcUrl: proxy.url });
    stops.push(worker.process.stop);
    const workerProcessGroup = worker.process.child.pid;
    if (workerProcessGroup === undefined) throw new Error("wrangler dev has no pid");
    return { devnet, proxy, apiUrl: worker.url, workerProcessGroup, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startWorker(opts: { root: string; workDir: string; rpcUrl: string }) {
  const state = join(opts.workDir, "wrangler-state");
  rmSync(state, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  const wrangler = join(opts.root, "node_modules", ".bin", "wrangler");
  const migrate = spawnSync(
    wrangler,
    ["d1", "migrations", "apply", "vigil", "--local", "--persist-to", state],
    { cwd: opts.root, env: { ...process.env, ...quietWrangler, CI: "true" }, encoding: "utf8" },
  );
  if (migrate.status !== 0) throw new Error(`D1 migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);
  const url = `http://127.0.0.1:${BENCH_PORTS.worker}`;
  const process_: Tracked = spawnTracked(
    "wrangler",
    wrangler,
    [
      "dev",
      "bench/worker/entry.js",
      "--config",
      "wrangler.toml",
      "--ip",
      "127.0.0.1",
      "--port",
      String(BENCH_PORTS.worker),
      "--inspector-port",
      String(BENCH_PORTS.workerInspector),
      "--persist-to",
      state,
      "--log-level",
      "warn",
      "--var",
      `RPC_URL_31337:${opts.rpcUrl}`,
      "--var",
      `SIWE_ALLOWED_ORIGINS:${url},chrome-extension://*`,
      "--var",
      `JWT_SECRET:${randomBytes(32).toString("hex")}`,
    ],
    { cwd: opts.root, env: quietWrangler, logFile: join(opts.workDir, "wrangler.log") },
  );
  try {
    await waitUntil("wrangler dev", async () => (await fetch(`${url}/health`)).ok, 120_000);
  } catch (error) {
    await process_.stop();
    throw error;
  }
  return { url, process: process_ };
}
