// `npm test`: lint (Biome + layer rules), typecheck, then every vitest project (shared, devnet, ml, worker in workerd, e2e in
// Chromium). Ends with one plain "N passed, N failed" line so CI can read the result at a glance.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

function step(name, cmd, args) {
  const started = Date.now();
  console.log(`\n▶ ${name}: ${cmd} ${args.join(" ")}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`◀ ${name} ${result.status === 0 ? "ok" : "FAILED"} in ${seconds}s`);
  return result.status === 0;
}

const extraArgs = process.argv.slice(2);
let ok = step("lint", "npm", ["run", "-s", "lint"]);
// WXT generates extension/.wxt types (auto-imports, manifest types) that the extension's tsconfig extends.
ok = step("extension types", "npx", ["wxt", "prepare"]) && ok;
ok = step("typecheck", "npm", ["run", "-s", "typecheck"]) && ok;

mkdirSync(join(root, "test-output"), { recursive: true });
const report = join(root, "test-output", "vitest.json");
const vitestOk = step("tests", "npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report}`,
  ...extraArgs,
]);
ok = vitestOk && ok;

let passed = 0;
let failed = 0;
try {
  const summary = JSON.parse(readFileSync(report, "utf8"));
  passed = summary.numPassedTests ?? 0;
  failed = summary.numFailedTests ?? 0;
  // A file that failed to load has no failed test of its own: count it once.
  if (failed === 0) failed = summary.numFailedTestSuites ?? 0;
} catch {
  failed += 1;
}
if (!ok && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
