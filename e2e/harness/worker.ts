import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DEV_EXTENSION_ORIGIN } from "./devExtension";
import { spawnTracked, type Tracked, waitForPortClosed, waitUntil } from "./processes";

const quietWrangler = { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

/** Set by the e2e globalSetup: a wrangler state folder with D1 migrated and the price candles in R2. */
export const WORKER_STATE_TEMPLATE_ENV = "VIGIL_E2E_WORKER_STATE_TEMPLATE";

/**
 * A fresh local wrangler state: D1 migrated from scratch and the local R2 bucket filled with the hourly candles
 * back-tests read (from the prices directory; without one the API still starts and back-tests answer 422, so a
 * missing directory is only reported). Two wrangler runs, ~9 s: the e2e run does it once and copies it per file.
 */
export function prepareWorkerState(root: string, state: string): void {
  mkdirSync(state, { recursive: true });
  const migrate = spawnSync(
    join(root, "node_modules", ".bin", "wrangler"),
    ["d1", "migrations", "apply", "vigil", "--local", "--persist-to", state],
    { cwd: root, env: { ...process.env, ...quietWrangler, CI: "true" }, encoding: "utf8" },
  );
  if (migrate.status !== 0) throw new Error(`D1 migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);
  const prices = spawnSync(
    join(root, "node_modules", ".bin", "tsx"),
    [join(root, "scripts", "backtest", "pricesUpload.ts"), "--local", "--persist-to", state],
    { cwd: root, env: { ...process.env, ...quietWrangler }, encoding: "utf8" },
  );
  if (prices.status !== 0) console.error(`price candles not uploaded:\n${prices.stderr}`);
}

/**
 * The real API in workerd (`wrangler dev`) on our port, against the devnet, with its own fresh local state
 * (D1 migrated from scratch) so runs never share users or nonces with `npm start`. The benchmarks use it too,
 * with their own entry (the real worker plus measuring hooks).
 */
export async function startWorker(opts: {
  root: string;
  outDir: string;
  port: number;
  inspectorPort: number;
  rpcUrl: string;
  /** A different entry module than wrangler.toml's `main` (bindings still come from wrangler.toml). */
  entry?: string;
  extraArgs?: readonly string[];
  /** Automation ticks this often instead of every 30 s (the e2e files: proposals without half-minute waits). */
  automationIntervalSeconds?: number;
}): Promise<{ url: string; process: Tracked }> {
  const state = join(opts.outDir, "wrangler-state");
  rmSync(state, { recursive: true, force: true });
  const template = process.env[WORKER_STATE_TEMPLATE_ENV];
  if (template && existsSync(template)) cpSync(template, state, { recursive: true });
  else prepareWorkerState(opts.root, state);

  const url = `http://127.0.0.1:${opts.port}`;
  const worker = spawnTracked(
    "wrangler",
    join(opts.root, "node_modules", ".bin", "wrangler"),
    [
      "dev",
      ...(opts.entry ? [opts.entry, "--config", "wrangler.toml"] : []),
      "--ip",
      "127.0.0.1",
      "--port",
      String(opts.port),
      "--inspector-port",
      String(opts.inspectorPort),
      "--persist-to",
      state,
      "--var",
      `RPC_URL_31337:${opts.rpcUrl}`,
      // The API names its own origin in the sign-in message (this run's); the extension's calls carry its
      // origin, allowed by its exact (pinned) id: the worker refuses wildcards.
      "--var",
      `SIWE_ALLOWED_ORIGINS:${url},${DEV_EXTENSION_ORIGIN}`,
      // A fresh 32-byte secret per run (the worker refuses weaker ones).
      "--var",
      `JWT_SECRET:${randomBytes(32).toString("hex")}`,
      ...(opts.automationIntervalSeconds
        ? ["--var", `AUTOMATION_INTERVAL_SECONDS:${opts.automationIntervalSeconds}`]
        : []),
      ...(opts.extraArgs ?? []),
    ],
    { cwd: opts.root, env: quietWrangler, logFile: join(opts.outDir, "wrangler.log") },
  );
  try {
    await waitUntil("wrangler dev", async () => (await fetch(`${url}/health`)).ok, 120_000);
  } catch (error) {
    await worker.stop();
    throw error;
  }
  // Stopped means the API is down for the extension: its port refuses, not a process half-way out that accepts.
  const stop = async () => {
    await worker.stop();
    await waitForPortClosed(opts.port);
  };
  return { url, process: { ...worker, stop } };
}
