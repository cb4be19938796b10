import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Where the anvil binary shipped by @foundry-rs/anvil lives (platform package first, then the bin link). */
export function anvilBinaryPath(): string {
  const require = createRequire(import.meta.url);
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${process.arch === "x64" ? "amd64" : process.arch}`;
  try {
    const pkgJson = require.resolve(`${platformPackage}/package.json`);
    const bin = join(dirname(pkgJson), "bin", "anvil");
    if (existsSync(bin)) return bin;
  } catch {
    // fall through to node_modules/.bin
  }
  const fallback = join(
    dirname(require.resolve("@foundry-rs/anvil/package.json")),
    "..",
    "..",
    ".bin",
    "anvil",
  );
  if (existsSync(fallback)) return fallback;
  throw new Error(`anvil binary not found (looked in ${platformPackage} and node_modules/.bin)`);
}

export interface AnvilOptions {
  port: number;
  /** Seconds between blocks; undefined = automine (a block per transaction). */
  blockTimeSeconds?: number;
  /** Genesis timestamp for a fresh chain (ignored when loading state; anvil_setTime is used then). */
  timestamp?: number;
  /** JSON state written by a build; loaded before the first block. */
  loadStatePath?: string;
  /** Echo anvil's own output (useful for `npm run devnet -- start`). */
  verbose?: boolean;
}

export interface AnvilProcess {
  pid: number;
  port: number;
  rpcUrl: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Nothing may outlive us: kill every anvil we started when this process exits, however it exits. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

async function rpcAnswers(rpcUrl: string): Promise<boolean> {
  try {
    const res = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** Spawns anvil and resolves once its RPC answers. */
export async function startAnvil(options: AnvilOptions): Promise<AnvilProcess> {
  const args = ["--port", String(options.port), "--host", "127.0.0.1", "--chain-id", "31337"];
  if (options.blockTimeSeconds !== undefined) args.push("--block-time", String(options.blockTimeSeconds));
  if (options.timestamp !== undefined) args.push("--timestamp", String(options.timestamp));
  if (options.loadStatePath !== undefined) args.push("--load-state", options.loadStatePath);
  // Aave's Pool and PoolConfigurator sit just under the 24 KiB limit; keep anvil's defaults otherwise.
  if (!options.verbose) args.push("--silent");

  const rpcUrl = `http://127.0.0.1:${options.port}`;
  // Fail loudly instead of silently talking to someone else's chain on the same port.
  if (await rpcAnswers(rpcUrl)) throw new Error(`port ${options.port} is already serving an RPC (${rpcUrl})`);

  installExitHook();
  const child = spawn(anvilBinaryPath(), args, {
    stdio: options.verbose ? "inherit" : ["ignore", "ignore", "pipe"],
  });
  running.add(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.once("exit", () => running.delete(child));

  const deadline = Date.now() + 30_000;
  let early: number | null | undefined;
  void exited.then((code) => {
    early = code;
  });
  while (!(await rpcAnswers(rpcUrl))) {
    if (early !== undefined) {
      throw new Error(`anvil exited with code ${early} before answering on ${rpcUrl}: ${stderr.trim()}`);
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`anvil did not answer on ${rpcUrl} within 30 s: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }

  const pid = child.pid;
  if (pid === undefined) throw new Error("anvil started without a pid");
  return {
    pid,
    port: options.port,
    rpcUrl,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
