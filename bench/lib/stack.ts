import { type StartedDevnet, startDevnet } from "../../devnet/testing";
import { startWorker } from "../../e2e/harness/worker";
import { type CountingProxy, startCountingProxy } from "./countingProxy";

/**
 * The benchmark's ports (8850-8899 unless BENCH_PORT_BASE moves them, e.g. for two runs side by side): fixed, so
 * leftovers of a killed run are easy to find.
 */
const base = Number(process.env.BENCH_PORT_BASE ?? 8850);
export const BENCH_PORTS = {
  devnet: base,
  rpcProxy: base + 1,
  worker: base + 2,
  workerInspector: base + 3,
  demo: base + 4,
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
    const worker = await startWorker({
      root: opts.root,
      outDir: opts.workDir,
      port: BENCH_PORTS.worker,
      inspectorPort: BENCH_PORTS.workerInspector,
      rpcUrl: proxy.url,
      entry: "bench/worker/entry.js",
      // The bench signs many users in and plays Cloudflare's edge: it sends their CF-Connecting-IP itself.
      extraArgs: ["--log-level", "warn", "--var", "TRUST_CF_CONNECTING_IP:true"],
    });
    stops.push(worker.process.stop);
    const workerProcessGroup = worker.process.child.pid;
    if (workerProcessGroup === undefined) throw new Error("wrangler dev has no pid");
    return { devnet, proxy, apiUrl: worker.url, workerProcessGroup, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
