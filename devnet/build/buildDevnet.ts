import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { type DevnetDeployment, devnetDeploymentSchema } from "../../shared/chains/devnet";
import { startAnvil } from "../anvil";
import { createTxSender, devnetClients } from "../deploy/context";
import { deployAll } from "../deploy/deployAll";
import { BUILD_PORT_RANGE, findFreePort } from "../ports";
import { anvilRpc } from "../rpc";
import { devnetAccounts } from "../seed/accounts";
import { seedPositions } from "../seed/positions";
import { SEEDED_HOURS, seedPriceHistory } from "../seed/priceHistory";
import { devnetSession } from "../session";
import { type DevnetCachePaths, devnetCachePaths } from "./cache";
import { withDirLock } from "./lock";
import { readDeployment } from "./readDeployment";

/**
 * 2025-01-01T00:00:00Z: when the devnet's market opens (its feeds' history ends here and the positions are
 * seeded), so every build produces the same chain.
 */
export const MARKET_OPEN_TIMESTAMP = 1_735_689_600;
/** The chain starts one hour before its feeds' 30 days of history, so every seeded round follows the deployment. */
export const GENESIS_TIMESTAMP = MARKET_OPEN_TIMESTAMP - (SEEDED_HOURS + 1) * 3600;

export interface BuildReport {
  paths: DevnetCachePaths;
  deployment: DevnetDeployment;
  contractsDeployed: number;
  buildMs: number;
}

/** Deploys and seeds a fresh anvil, then dumps its state into `paths` (written atomically via a temp dir). */
export async function buildDevnet(
  paths: DevnetCachePaths,
  log: (line: string) => void = () => {},
): Promise<BuildReport> {
  const started = performance.now();
  const port = await findFreePort(BUILD_PORT_RANGE);
  const anvil = await startAnvil({ port, timestamp: GENESIS_TIMESTAMP });
  try {
    // One second per block regardless of wall-clock time: timestamps, accrued interest and so every value
    // in the dump repeat exactly from build to build.
    await anvilRpc(anvil.rpcUrl, "anvil_setBlockTimestampInterval", [1]);
    const clients = devnetClients(anvil.rpcUrl);
    const { deployment: deployed, contractsDeployed } = await deployAll(
      clients,
      anvil.rpcUrl,
      GENESIS_TIMESTAMP,
      log,
    );
    // The feeds' history: 30 days of real hourly prices as oracle rounds, ending at the market's opening.
    await anvilRpc(anvil.rpcUrl, "evm_setNextBlockTimestamp", [MARKET_OPEN_TIMESTAMP]);
    await anvilRpc(anvil.rpcUrl, "evm_mine", []);
    log("seeding 30 days of price history into the feeds");
    const feeds = {
      ...Object.fromEntries(Object.values(deployed.reserves).map((r) => [r.symbol, r.aggregator])),
      USD: deployed.contracts.usdReferenceAggregator,
    } as Parameters<typeof seedPriceHistory>[1];
    await seedPriceHistory(
      createTxSender(clients, devnetAccounts.deployer.privateKey),
      feeds,
      MARKET_OPEN_TIMESTAMP,
    );
    log("seeding named accounts");
    const head = await clients.publicClient.getBlock({ blockTag: "latest" });
    const session = devnetSession(anvil.rpcUrl, { ...deployed, snapshotTimestamp: Number(head.timestamp) });
    await seedPositions(session);
    const last = await clients.publicClient.getBlock({ blockTag: "latest" });
    const deployment = devnetDeploymentSchema.parse({
      ...deployed,
      snapshotTimestamp: Number(last.timestamp),
    });

    log("dumping state");
    await anvilRpc(anvil.rpcUrl, "anvil_removeBlockTimestampInterval", []);
    const dumped = await anvilRpc<string>(anvil.rpcUrl, "anvil_dumpState", []);
    const state = gunzipSync(Buffer.from(dumped.slice(2), "hex"));

    const tmp = `${paths.dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    writeFileSync(`${tmp}/state.json`, state);
    writeFileSync(`${tmp}/info.json`, `${JSON.stringify(deployment, null, 2)}\n`);
    writeFileSync(
      `${tmp}/build.json`,
      `${JSON.stringify({ contractsDeployed, buildMs: Math.round(performance.now() - started) }, null, 2)}\n`,
    );
    rmSync(paths.dir, { recursive: true, force: true });
    renameSync(tmp, paths.dir);
    pruneOtherBuilds(paths);
    return { paths, deployment, contractsDeployed, buildMs: performance.now() - started };
  } finally {
    await anvil.stop();
  }
}

/** Dumps of older deploy code are dead weight (a few MB each): keep only the current one. */
function pruneOtherBuilds(paths: DevnetCachePaths): void {
  const parent = dirname(paths.dir);
  for (const entry of readdirSync(parent)) {
    const path = join(parent, entry);
    if (path === paths.dir || entry.includes(".lock") || entry.includes(".tmp-")) continue;
    rmSync(path, { recursive: true, force: true });
  }
}

/** The cached build for the current deploy code, building it first (once, under a lock) when missing. */
export async function ensureDevnetBuilt(
  log: (line: string) => void = () => {},
  options: { force?: boolean } = {},
): Promise<{ paths: DevnetCachePaths; deployment: DevnetDeployment; built: BuildReport | null }> {
  const paths = devnetCachePaths();
  const ready = () => existsSync(paths.statePath) && existsSync(paths.infoPath);
  if (ready() && !options.force) return { paths, deployment: readDeployment(paths), built: null };
  return withDirLock(paths.lockDir, async () => {
    // Another process may have finished the build while we waited for the lock.
    if (ready() && !options.force) return { paths, deployment: readDeployment(paths), built: null };
    log(`building devnet into ${paths.dir}`);
    const report = await buildDevnet(paths, log);
    return { paths, deployment: report.deployment, built: report };
  });
}
