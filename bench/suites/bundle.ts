import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { metric, type Results } from "../lib/results";
import { quietWrangler } from "../lib/stack";
import type { SuiteContext } from "./context";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Sums the gzip size of every uploaded module (.map files are not uploaded). */
function gzipKiB(dir: string): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const file of files(dir).filter((f) => !f.endsWith(".map") && !f.endsWith("README.md"))) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw: raw / 1024, gzip: gzip / 1024 };
}

function dryRun(
  ctx: SuiteContext,
  outdir: string,
  minify: boolean,
): { raw: number; gzip: number; wranglerGzip: number | null } {
  rmSync(outdir, { recursive: true, force: true });
  const wrangler = join(ctx.root, "node_modules", ".bin", "wrangler");
  const args = ["deploy", "--dry-run", "--outdir", outdir, ...(minify ? ["--minify"] : [])];
  const result = spawnSync(wrangler, args, {
    cwd: ctx.root,
    env: { ...process.env, ...quietWrangler, CI: "true" },
    encoding: "utf8",
  });
  if (result.status !== 0)
    throw new Error(`wrangler deploy --dry-run failed:\n${result.stdout}\n${result.stderr}`);
  const reported = /gzip:\s*([\d.]+)\s*KiB/.exec(result.stdout + result.stderr);
  return { ...gzipKiB(outdir), wranglerGzip: reported ? Number(reported[1]) : null };
}

/** The production bundle as `wrangler deploy --dry-run --minify` builds it (no network), beside unminified. */
export async function bundleSuite(ctx: SuiteContext): Promise<Results> {
  const minified = dryRun(ctx, join(ctx.workDir, "bundle-min"), true);
  const plain = dryRun(ctx, join(ctx.workDir, "bundle-plain"), false);
  const value = minified.wranglerGzip ?? minified.gzip;
  return {
    "worker.bundleGzipKiB": metric({
      value,
      unit: "KiB gzip",
      alternative: { name: "same bundle without --minify", value: plain.wranglerGzip ?? plain.gzip },
      runs: 1,
      notes: `wrangler's "Total Upload … gzip" figure (deterministic build: one run). ${minified.raw.toFixed(0)} KiB raw minified; own gzip -9 sum of the modules ${minified.gzip.toFixed(0)} KiB. Workers limits: 3 MiB gzip (Free), 10 MiB (Paid).`,
    }),
  };
}
