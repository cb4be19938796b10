import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ensureDevnetBuilt } from "../build/buildDevnet";

/** `build`: builds the dump for the current deploy code (or reuses it); `--force` rebuilds. */
export async function buildCommand(options: { force: boolean }): Promise<void> {
  const result = await ensureDevnetBuilt((line) => console.log(`[devnet] ${line}`), { force: options.force });
  if (result.built) {
    console.log(
      `[devnet] built in ${(result.built.buildMs / 1000).toFixed(1)} s: ${result.built.contractsDeployed} contracts -> ${result.paths.dir}`,
    );
  } else {
    const previous = JSON.parse(readFileSync(join(result.paths.dir, "build.json"), "utf8")) as {
      contractsDeployed: number;
      buildMs: number;
    };
    console.log(
      `[devnet] up to date: ${result.paths.dir} (${previous.contractsDeployed} contracts, built in ${(previous.buildMs / 1000).toFixed(1)} s)`,
    );
  }
}
