import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PricesDirNotFoundError, resolvePricesDir } from "./pricesDir.node.js";

function sandbox() {
  const base = mkdtempSync(join(tmpdir(), "vigil-prices-"));
  const repoRoot = join(base, "repo");
  mkdirSync(repoRoot);
  return { base, repoRoot };
}
function fillPrices(dir: string) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "eth_usdt_1h.csv"), "time,open,high,low,close,volume\n3600,1,1,1,1,0\n");
  return dir;
}

describe("resolvePricesDir", () => {
  it("prefers --prices, then VIGIL_PRICES_DIR, then ../shared/data/prices, then .cache/prices", () => {
    const { base, repoRoot } = sandbox();
    const cli = fillPrices(join(base, "cli"));
    const envDir = fillPrices(join(base, "env"));
    const beside = fillPrices(join(base, "shared", "data", "prices"));
    const cache = fillPrices(join(repoRoot, ".cache", "prices"));
    const env = { VIGIL_PRICES_DIR: envDir };
    expect(resolvePricesDir({ cliDir: cli, env, repoRoot })).toBe(cli);
    expect(resolvePricesDir({ env, repoRoot })).toBe(envDir);
    expect(resolvePricesDir({ env: {}, repoRoot })).toBe(beside);
    const lonely = sandbox();
    fillPrices(join(lonely.repoRoot, ".cache", "prices"));
    expect(resolvePricesDir({ env: {}, repoRoot: lonely.repoRoot })).toBe(
      join(lonely.repoRoot, ".cache", "prices"),
    );
    expect(cache).toContain(".cache");
  });

  it("rejects an explicit directory that does not exist instead of silently falling back", () => {
    const { base, repoRoot } = sandbox();
    fillPrices(join(base, "shared", "data", "prices"));
    expect(() => resolvePricesDir({ cliDir: join(base, "nope"), env: {}, repoRoot })).toThrow(
      /--prices .*nope/,
    );
    expect(() => resolvePricesDir({ env: { VIGIL_PRICES_DIR: join(base, "nope") }, repoRoot })).toThrow(
      /VIGIL_PRICES_DIR/,
    );
  });

  it("tells the user what to do when nothing is found", () => {
    const { repoRoot } = sandbox();
    let caught: unknown;
    try {
      resolvePricesDir({ env: {}, repoRoot });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PricesDirNotFoundError);
    expect((caught as Error).message).toMatch(/npm run prices:download/);
    expect((caught as PricesDirNotFoundError).tried).toHaveLength(2);
  });

  it("finds the team's shared data from this checkout", () => {
    expect(resolvePricesDir({ env: {} })).toMatch(/shared\/data\/prices$/);
  });
});
