import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  TEMPLATE_API_ORIGIN,
  TEMPLATE_BACKLOG_AFTER_MS,
  TEMPLATE_DEMO_MATCHES,
  TEMPLATE_ENV,
  wxtBuild,
} from "./buildExtension";
import { prepareWorkerState, WORKER_STATE_TEMPLATE_ENV } from "./worker";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Once for the whole e2e run: one `wxt build` that every file configures a copy of (buildExtension.ts), and one
 * wrangler state (D1 migrated, candles in R2) that every file's API starts from a copy of (worker.ts).
 */
export default function setup(): void {
  const build = wxtBuild({
    root,
    outDir: join(root, "test-output", "e2e", "template-build"),
    apiUrl: TEMPLATE_API_ORIGIN,
    demoMatches: TEMPLATE_DEMO_MATCHES,
    backlogAfterMs: TEMPLATE_BACKLOG_AFTER_MS,
  });
  console.log(`e2e: template extension build in ${(build.ms / 1000).toFixed(1)} s`);
  process.env[TEMPLATE_ENV] = build.dir;
  const started = performance.now();
  const state = join(root, "test-output", "e2e", "template-state");
  rmSync(state, { recursive: true, force: true });
  prepareWorkerState(root, state);
  console.log(`e2e: template worker state in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  process.env[WORKER_STATE_TEMPLATE_ENV] = state;
}
