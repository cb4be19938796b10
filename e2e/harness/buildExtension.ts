import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** Builds the extension once for this run, pointed at the run's API; returns the unpacked directory and ms. */
export function buildExtension(opts: { root: string; outDir: string; apiUrl: string; demoMatches: string }) {
  const started = performance.now();
  const result = spawnSync(join(opts.root, "node_modules", ".bin", "wxt"), ["build"], {
    cwd: opts.root,
    env: {
      ...process.env,
      // A dev build: the demo page's origin is matched and the manifest key pins the dev extension id.
      VIGIL_DEV_BUILD: "1",
      WXT_API_URL: opts.apiUrl,
      WXT_DEMO_MATCHES: opts.demoMatches,
      WXT_OUT_DIR: opts.outDir,
    },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`wxt build failed:\n${result.stdout}\n${result.stderr}`);
  return { dir: join(opts.outDir, "chrome-mv3"), ms: performance.now() - started };
}
