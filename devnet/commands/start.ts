import { isDeepStrictEqual } from "node:util";
import { devnetDeployment } from "../../shared/chains/devnet";
import { ACCOUNT_NAMES } from "../seed/accounts";
import { startFromDump } from "../startFromDump";

/** `start`: the devnet from the cached dump, 1-second blocks by default, until Ctrl-C. */
export async function startCommand(options: { port: number; blockTimeSeconds: number }): Promise<void> {
  const t0 = performance.now();
  const { anvil, deployment } = await startFromDump({
    port: options.port,
    // 0 = automine: a block per transaction.
    blockTimeSeconds: options.blockTimeSeconds > 0 ? options.blockTimeSeconds : undefined,
    log: (line) => console.log(`[devnet] ${line}`),
  });
  const ms = Math.round(performance.now() - t0);
  console.log(`[devnet] anvil pid ${anvil.pid} answering on ${anvil.rpcUrl} (chain 31337) after ${ms} ms`);
  console.log(`[devnet] Pool ${deployment.contracts.pool}`);
  console.log(`[devnet] UiPoolDataProviderV3 ${deployment.contracts.uiPoolDataProviderV3}`);
  for (const name of ACCOUNT_NAMES) console.log(`[devnet]   ${name.padEnd(16)} ${deployment.accounts[name]}`);
  if (!isDeepStrictEqual(deployment, devnetDeployment)) {
    console.warn(
      "[devnet] WARNING: shared/chains/devnet.ts is stale; run `npm run devnet -- info --write-shared`",
    );
  }
  console.log("[devnet] Ctrl-C to stop");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await anvil.stop();
  console.log("[devnet] stopped");
}
