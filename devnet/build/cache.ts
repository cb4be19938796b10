import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const DEVNET_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = resolve(DEVNET_DIR, "..");

/** Everything that changes what a build deploys; CLI/test code is left out so editing it keeps the cache. */
const HASHED_PATHS = [
  "devnet/anvil.ts",
  "devnet/rpc.ts",
  "devnet/session.ts",
  "devnet/actions",
  "devnet/build",
  "devnet/contracts",
  "devnet/deploy",
  "devnet/seed",
  "devnet/abis",
  "shared/chains/devnet.ts",
  "shared/abis",
  // The feeds' seeded history is simulated through this oracle.
  "shared/risk/oracleSim.ts",
];
const HASHED_PACKAGES = ["@aave/deploy-v3", "@foundry-rs/anvil", "solc", "viem"];

function listFiles(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => listFiles(join(path, entry)));
}

function isBuildInput(file: string): boolean {
  return (file.endsWith(".ts") || file.endsWith(".sol")) && !file.endsWith(".test.ts");
}

/** Hash over the deploy code and the versions of the packages it deploys with; names the cache folder. */
export function devnetBuildHash(): string {
  const hash = createHash("sha256");
  for (const path of HASHED_PATHS) {
    for (const file of listFiles(join(REPO_ROOT, path)).filter(isBuildInput)) {
      let text = readFileSync(file, "utf8");
      // The generated deployment constant is an output of the build, not an input.
      if (file.endsWith(join("shared", "chains", "devnet.ts")))
        text = text.replace(/\/\/ <generated[\s\S]*\/\/ <\/generated>/, "");
      hash.update(relative(REPO_ROOT, file)).update("\0").update(text).update("\0");
    }
  }
  const require = createRequire(import.meta.url);
  for (const name of HASHED_PACKAGES) {
    const pkg = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as {
      version: string;
    };
    hash.update(`${name}@${pkg.version}\0`);
  }
  return hash.digest("hex").slice(0, 16);
}

export interface DevnetCachePaths {
  dir: string;
  statePath: string;
  infoPath: string;
  lockDir: string;
}

/** .cache/devnet/<hash>/ (git-ignored): state.json for anvil --load-state, info.json for the deployment. */
export function devnetCachePaths(hash = devnetBuildHash()): DevnetCachePaths {
  const dir = join(REPO_ROOT, ".cache", "devnet", hash);
  return {
    dir,
    statePath: join(dir, "state.json"),
    infoPath: join(dir, "info.json"),
    lockDir: `${dir}.lock`,
  };
}
