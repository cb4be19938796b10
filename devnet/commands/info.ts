import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type DevnetDeployment, devnetInfoSchema } from "../../shared/chains/devnet";
import { ensureDevnetBuilt } from "../build/buildDevnet";
import { REPO_ROOT } from "../build/cache";

export const SHARED_DEVNET_FILE = join(REPO_ROOT, "shared", "chains", "devnet.ts");
const BLOCK = /\/\/ <generated: npm run devnet -- info --write-shared>\n[\s\S]*?\/\/ <\/generated>/;

/** The TypeScript block of shared/chains/devnet.ts that holds the deployment constant. */
export function renderDeploymentBlock(deployment: DevnetDeployment): string {
  return [
    "// <generated: npm run devnet -- info --write-shared>",
    `export const devnetDeployment = ${JSON.stringify(deployment, null, 2)} as const satisfies DevnetDeployment;`,
    "// </generated>",
  ].join("\n");
}

/** `info`: the build's deployment plus the RPC URL as JSON; `--write-shared` regenerates shared/chains/devnet.ts. */
export async function infoCommand(options: { rpcUrl: string; writeShared: boolean }): Promise<void> {
  const { deployment } = await ensureDevnetBuilt((line) => console.error(`[devnet] ${line}`));
  if (options.writeShared) {
    const text = readFileSync(SHARED_DEVNET_FILE, "utf8");
    if (!BLOCK.test(text)) throw new Error(`no generated block found in ${SHARED_DEVNET_FILE}`);
    writeFileSync(SHARED_DEVNET_FILE, text.replace(BLOCK, renderDeploymentBlock(deployment)));
    // Keep the generated file in the repo's format (biome would otherwise flag the JSON-style quoting).
    execFileSync(
      join(REPO_ROOT, "node_modules", ".bin", "biome"),
      ["format", "--write", SHARED_DEVNET_FILE],
      {
        stdio: "ignore",
      },
    );
    console.error(`[devnet] wrote ${SHARED_DEVNET_FILE}`);
  }
  console.log(JSON.stringify(devnetInfoSchema.parse({ ...deployment, rpcUrl: options.rpcUrl }), null, 2));
}
