import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { TEMPLATE_API_ORIGIN, TEMPLATE_DEMO_MATCHES, TEMPLATE_ENV, wxtBuild } from "./buildExtension";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** One `wxt build` for the whole e2e run; every file configures a copy of it (buildExtension.ts). */
export default function setup(): void {
  const build = wxtBuild({
    root,
    outDir: join(root, "test-output", "e2e", "template-build"),
    apiUrl: TEMPLATE_API_ORIGIN,
    demoMatches: TEMPLATE_DEMO_MATCHES,
  });
  console.log(`e2e: template extension build in ${(build.ms / 1000).toFixed(1)} s`);
  process.env[TEMPLATE_ENV] = build.dir;
}
