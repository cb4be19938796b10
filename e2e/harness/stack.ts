import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { devnetAccounts, startDevnet } from "../../devnet/testing";
import { type ExtensionBrowser, launchWithExtensions } from "./browser";
import { buildExtension } from "./buildExtension";
import { startDemoServer } from "./demoServer";
import { E2E_PORTS } from "./ports";
import { type Signer, startSigner } from "./signer";
import { startWorker } from "./worker";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const outDir = join(root, "test-output", "e2e");

export interface Stack {
  apiUrl: string;
  devnet: { rpcUrl: string; pool: `0x${string}` };
  demoUrl: string;
  signer: Signer;
  browser: ExtensionBrowser;
  buildMs: number;
  extensionDir: string;
  stop(): Promise<void>;
}

/**
 * Everything an e2e run needs, started in order and stopped in reverse: the devnet (real Aave V3), the signer
 * holding the test wallet's key, the API in workerd, the demo page, one extension build, Chromium with Vigil
 * and the mock wallet. If any step fails, what already started is stopped before the error is rethrown.
 */
export async function startStack(opts: { account?: keyof typeof devnetAccounts } = {}): Promise<Stack> {
  mkdirSync(outDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch(() => undefined);
  };
  try {
    const devnet = await startDevnet({ port: E2E_PORTS.devnet });
    stops.push(devnet.stop);
    const account = devnetAccounts[opts.account ?? "borrower"];
    const signer = await startSigner({
      port: E2E_PORTS.signer,
      privateKey: account.privateKey,
      rpcUrl: devnet.rpcUrl,
    });
    stops.push(signer.stop);
    const worker = await startWorker({
      root,
      outDir,
      port: E2E_PORTS.worker,
      inspectorPort: E2E_PORTS.workerInspector,
      rpcUrl: devnet.rpcUrl,
    });
    stops.push(worker.process.stop);
    const demo = await startDemoServer({ port: E2E_PORTS.demo, demoDir: join(root, "e2e", "demo") });
    stops.push(demo.stop);

    const build = buildExtension({
      root,
      outDir: join(outDir, "build"),
      apiUrl: worker.url,
      demoMatches: `http://127.0.0.1:${E2E_PORTS.demo}/demo/*`,
    });
    const walletDir = join(outDir, "mock-wallet");
    cpSync(join(root, "e2e", "mock-wallet"), walletDir, { recursive: true });
    writeFileSync(join(walletDir, "config.json"), JSON.stringify({ signerUrl: signer.url }));

    const browser = await launchWithExtensions({ vigil: build.dir, wallet: walletDir });
    stops.push(browser.close);
    return {
      apiUrl: worker.url,
      devnet: { rpcUrl: devnet.rpcUrl, pool: devnet.info.contracts.pool },
      demoUrl: demo.url,
      signer,
      browser,
      buildMs: build.ms,
      extensionDir: build.dir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
