// `npm start`: the whole local stack — devnet (anvil + Aave V3), the API worker (wrangler dev), the built
// extension and the demo page — then prints what to open. Ctrl-C stops everything it started.
import { spawn, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const DEVNET_URL = "http://127.0.0.1:8545";
const API_URL = "http://127.0.0.1:8787";
const children = [];

function stopAll(code) {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  process.exit(code);
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

function runOnce(name, cmd, args) {
  console.log(`[start] ${name}…`);
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`[start] ${name} failed`);
    stopAll(1);
  }
}

function runLong(name, cmd, args) {
  const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = (chunk) =>
    chunk
      .toString()
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => `[${name}] ${line}`)
      .join("\n");
  child.stdout.on("data", (chunk) => console.log(prefix(chunk)));
  child.stderr.on("data", (chunk) => console.error(prefix(chunk)));
  child.on("exit", (code) => {
    console.error(`[start] ${name} exited (${code}); stopping the stack`);
    stopAll(code ?? 1);
  });
  children.push(child);
  return child;
}

async function waitFor(name, check, timeoutMs = 120_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  console.error(`[start] ${name} did not come up within ${timeoutMs / 1000}s`);
  stopAll(1);
}

// Node processes spawned directly (not through npm/npx shells) so Ctrl-C reaches them and they stop anvil/workerd.
runLong("devnet", process.execPath, ["--import", "tsx", "devnet/cli.ts", "start", "--port", "8545"]);
await waitFor("devnet", async () => {
  const response = await fetch(DEVNET_URL, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
  });
  return response.ok;
});

// worker/dev.mjs writes .dev.vars (local JWT secret) on first run and applies the D1 migrations.
runLong("worker", process.execPath, ["worker/dev.mjs", "--ip", "127.0.0.1", "--port", "8787"]);
// A dev build: it also runs on the local demo page and has the pinned dev extension id the dev API accepts.
env.VIGIL_DEV_BUILD = "1";
runOnce("building the extension", join(root, "node_modules", ".bin", "wxt"), ["build"]);
await waitFor("worker", async () => (await fetch(`${API_URL}/health`)).ok);

// The demo lending page: real Pool transactions through the browser's wallet, on a path dev builds run on.
const DEMO_PORT = 8788;
runLong("demo page", process.execPath, [
  "--import",
  "tsx",
  "devnet/demo/serve.ts",
  "--port",
  String(DEMO_PORT),
]);
const DEMO_URL = `http://127.0.0.1:${DEMO_PORT}/demo/`;
await waitFor("demo page", async () => (await fetch(DEMO_URL)).ok);
console.log(`
Vigil is running.
  Devnet (anvil, chain 31337)  ${DEVNET_URL}     accounts and addresses: npm run devnet -- info
  API                          ${API_URL}     OpenAPI: ${API_URL}/openapi.json
  Extension (unpacked)         ${join(root, ".output", "chrome-mv3")}
                               chrome://extensions → Developer mode → Load unpacked
  Demo lending page            ${DEMO_URL}   supply / borrow / repay / withdraw through your wallet
                               (point the wallet at the devnet; import an account from: npm run devnet -- info)

Try: npm run devnet -- price WETH 1500   (the near-liquidation borrower goes under)
Ctrl-C stops everything.`);
