import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startDemoServer } from "../../devnet/demo/demoServer";
import { type FaultProxy, startFaultProxy } from "../../devnet/faultProxy/server";
import { devnetAccounts, type StartedDevnet, startDevnet } from "../../devnet/testing";
import { type ExtensionBrowser, launchWithExtensions } from "./browser";
import { buildExtension } from "./buildExtension";
import { DEV_EXTENSION_ID } from "./devExtension";
import { E2E_PORTS, type E2ePorts } from "./ports";
import { type Signer, startSigner } from "./signer";
import { startWorker } from "./worker";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const outDir = join(root, "test-output", "e2e");

/** The e2e API's automation period: what a rule does is tested, not the seed's 30 s wait (worker tests cover it). */
export const E2E_AUTOMATION_INTERVAL_SECONDS = 3;

export interface Stack {
  apiUrl: string;
  devnet: { rpcUrl: string; pool: `0x${string}`; info: StartedDevnet["info"] };
  /** Where this run's build, worker state and wrangler.log live. */
  runDir: string;
  demoUrl: string;
  signer: Signer;
  browser: ExtensionBrowser;
  buildMs: number;
  extensionDir: string;
  /** The fault proxy between the API and the devnet, when started with `rpcFaults` (the API's RPC failing). */
  rpcFaults: FaultProxy | null;
  /** Stops the API only (a fault: the API not answering); stop() still tears everything down. */
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Everything an e2e run needs, started in order and stopped in reverse: the devnet (real Aave V3), the signer
 * holding the test wallet's key, the API in workerd, the demo page, one extension build, Chromium with Vigil
 * and the mock wallet. If any step fails, what already started is stopped before the error is rethrown.
 */
export async function startStack(
  opts: {
    account?: keyof typeof devnetAccounts;
    /** Another engineer's file can run its own stack on other ports (all in 8700-8799). */
    ports?: E2ePorts;
    /** Sub-folder of test-output/e2e for this run's build, worker state and logs (default: test-output/e2e). */
    runName?: string;
    /** The extension's backlog window (default: the release builds' 2 minutes). */
    backlogAfterMs?: number;
    /** Put a fault proxy between the API and the devnet (`stack.rpcFaults`), so a test can make the RPC fail. */
    rpcFaults?: boolean;
  } = {},
): Promise<Stack> {
  const ports = opts.ports ?? E2E_PORTS;
  const runDir = opts.runName ? join(outDir, opts.runName) : outDir;
  mkdirSync(runDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch(() => undefined);
  };
  try {
    const devnet = await startDevnet({ port: ports.devnet });
    stops.push(devnet.stop);
    const account = devnetAccounts[opts.account ?? "borrower"];
    const signer = await startSigner({
      port: ports.signer,
      privateKey: account.privateKey,
      rpcUrl: devnet.rpcUrl,
    });
    stops.push(signer.stop);
    // The API reads the chain through the proxy; the signer and the wallet still reach the devnet directly.
    const rpcFaults = opts.rpcFaults ? await startFaultProxy({ target: devnet.rpcUrl }) : null;
    if (rpcFaults) stops.push(rpcFaults.stop);
    const worker = await startWorker({
      root,
      outDir: runDir,
      port: ports.worker,
      inspectorPort: ports.workerInspector,
      rpcUrl: rpcFaults?.url ?? devnet.rpcUrl,
      automationIntervalSeconds: E2E_AUTOMATION_INTERVAL_SECONDS,
    });
    stops.push(worker.process.stop);
    // The e2e pages (index: the badge's page; hostile: the attacker's) and the demo lending page `npm start` serves.
    const demo = await startDemoServer({
      port: ports.demo,
      pages: {
        "": join(root, "e2e", "demo", "index.html"),
        "hostile.html": join(root, "e2e", "demo", "hostile.html"),
        "lending.html": join(root, "devnet", "demo", "lending.html"),
      },
    });
    stops.push(demo.stop);

    const build = buildExtension({
      root,
      outDir: join(runDir, "build"),
      apiUrl: worker.url,
      demoMatches: `http://127.0.0.1:${ports.demo}/demo/*`,
      ...(opts.backlogAfterMs !== undefined ? { backlogAfterMs: opts.backlogAfterMs } : {}),
    });
    const walletDir = join(runDir, "mock-wallet");
    cpSync(join(root, "e2e", "mock-wallet"), walletDir, { recursive: true });
    writeFileSync(join(walletDir, "config.json"), JSON.stringify({ signerUrl: signer.url }));

    const browser = await launchWithExtensions({ vigil: build.dir, wallet: walletDir });
    stops.push(browser.close);
    // The dev manifest key pins the id: the API of this run accepts sign-in from that origin only.
    if (browser.vigilId !== DEV_EXTENSION_ID)
      throw new Error(`Vigil loaded as ${browser.vigilId}, not the pinned dev id ${DEV_EXTENSION_ID}`);
    return {
      apiUrl: worker.url,
      devnet: { rpcUrl: devnet.rpcUrl, pool: devnet.info.contracts.pool, info: devnet.info },
      rpcFaults,
      runDir,
      demoUrl: demo.url,
      signer,
      browser,
      buildMs: build.ms,
      extensionDir: build.dir,
      stopWorker: worker.process.stop,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
