import type { DevnetDeployment } from "../shared/chains/devnet";
import { type AnvilProcess, startAnvil } from "./anvil";
import { ensureDevnetBuilt } from "./build/buildDevnet";
import { anvilRpc } from "./rpc";

export interface RunningDevnet {
  anvil: AnvilProcess;
  deployment: DevnetDeployment;
}

/**
 * Starts anvil from the cached dump (building it first if the deploy code changed). anvil resets its clock on
 * load, so we set it back to the dumped head's time: otherwise the first block would predate Aave's last
 * index update and accrued interest would be lost (or the Pool would revert on a negative time delta).
 */
export async function startFromDump(options: {
  port: number;
  blockTimeSeconds?: number;
  verbose?: boolean;
  log?: (line: string) => void;
}): Promise<RunningDevnet> {
  const { paths, deployment } = await ensureDevnetBuilt(options.log);
  const anvil = await startAnvil({
    port: options.port,
    blockTimeSeconds: options.blockTimeSeconds,
    loadStatePath: paths.statePath,
    verbose: options.verbose,
  });
  try {
    const head = await anvilRpc<{ timestamp: string }>(anvil.rpcUrl, "eth_getBlockByNumber", [
      "latest",
      false,
    ]);
    const headTime = Math.max(Number(BigInt(head.timestamp)), deployment.snapshotTimestamp);
    await anvilRpc(anvil.rpcUrl, "anvil_setTime", [headTime]);
    return { anvil, deployment };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}
