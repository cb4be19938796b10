// `npm run worker:dev [-- wrangler dev args]`: the API on http://127.0.0.1:8787 with local D1/DO state, offline.
// Creates a git-ignored .dev.vars with a random JWT_SECRET on first run, applies the D1 migrations locally, fills
// the local R2 bucket of price candles for back-tests (`npm run prices:upload -- --local`), then runs `wrangler dev`. Extra arguments go to wrangler (e.g. `--var RPC_URL_31337:http://127.0.0.1:8545`).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const wrangler = join(root, "node_modules", ".bin", "wrangler");

const devVars = join(root, ".dev.vars");
if (!existsSync(devVars)) {
  writeFileSync(devVars, `JWT_SECRET=${randomBytes(32).toString("base64url")}\n`, { mode: 0o600 });
  console.log("worker:dev: wrote .dev.vars with a fresh JWT_SECRET (git-ignored)");
} else if (/^JWT_SECRET=replace-me/m.test(readFileSync(devVars, "utf8"))) {
  // The worker refuses it too (and anything under 32 random bytes); say so before starting it.
  console.error(
    "worker:dev: .dev.vars still has the example JWT_SECRET. Delete .dev.vars to get a random one.",
  );
  process.exit(1);
}

const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "vigil", "--local"], {
  cwd: root,
  env: { ...env, CI: "true" },
  stdio: "inherit",
});
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

// Back-tests read hourly candles from the local R2 bucket: fill it from the prices directory (skipped when it
// already holds them). Without a prices directory the API still runs; back-tests then answer 422.
const prices = spawnSync(
  join(root, "node_modules", ".bin", "tsx"),
  [join(root, "scripts", "backtest", "pricesUpload.ts"), "--local"],
  { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] },
);
if (prices.status !== 0) console.error("worker:dev: the back-test price bucket was not filled (see above)");

const dev = spawn(wrangler, ["dev", ...process.argv.slice(2)], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));
