import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CANDLE_FILES } from "./types";

/** Where Vigil's code lives: two folders up from shared/prices/. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The cache `npm run prices:download` fills for users outside this environment. */
export const PRICES_CACHE_DIR = join(REPO_ROOT, ".cache", "prices");

/** Thrown when no prices directory can be found; the message says how to get one. */
export class PricesDirNotFoundError extends Error {
  override readonly name = "PricesDirNotFoundError";
  constructor(
    message: string,
    readonly tried: string[],
  ) {
    super(message);
  }
}

export interface ResolvePricesDirOptions {
  /** `--prices DIR` from the command line: wins over everything else. */
  cliDir?: string;
  /** Defaults to process.env; injectable for tests. */
  env?: Record<string, string | undefined>;
  /** Defaults to this checkout's root; injectable for tests. */
  repoRoot?: string;
}

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** A directory counts as a prices directory when it holds at least the ETH candles. */
function hasPrices(path: string): boolean {
  return isDir(path) && existsSync(join(path, CANDLE_FILES.ETH));
}

/**
 * Finds the hourly price history. Order: `cliDir`, env VIGIL_PRICES_DIR, `../shared/data/prices` beside the
 * checkout, then the local cache `.cache/prices`. An explicitly given directory (cli or env) must exist —
 * silently falling back would train or evaluate on data the user did not ask for.
 */
export function resolvePricesDir(options: ResolvePricesDirOptions = {}): string {
  const env = options.env ?? process.env;
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const explicit: [string, string | undefined][] = [
    ["--prices", options.cliDir],
    ["VIGIL_PRICES_DIR", env.VIGIL_PRICES_DIR],
  ];
  for (const [label, dir] of explicit) {
    if (dir === undefined || dir === "") continue;
    const path = resolve(dir);
    if (!isDir(path)) {
      throw new PricesDirNotFoundError(`${label} ${dir}: no such directory`, [path]);
    }
    return path;
  }
  const beside = resolve(repoRoot, "..", "shared", "data", "prices");
  const cache = join(repoRoot, ".cache", "prices");
  for (const path of [beside, cache]) if (hasPrices(path)) return path;
  throw new PricesDirNotFoundError(
    [
      "No price history found. Tried:",
      `  - ${beside} (the team's shared data beside the checkout)`,
      `  - ${cache} (local cache)`,
      "Fix: pass --prices DIR, set VIGIL_PRICES_DIR, or run `npm run prices:download` to fill the cache",
      "from the exchange's public market-data API.",
    ].join("\n"),
    [beside, cache],
  );
}
