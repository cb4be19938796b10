// `npm run prices:upload [-- --local [--persist-to DIR]] [--prices DIR] [--force]`: fills the back-test's R2 bucket (binding PRICES,
// bucket vigil-prices) from the prices directory, one CSV per feed per year plus an index
// (shared/prices/candleObjects.ts). `--local` writes wrangler's local bucket (.wrangler/state, what `wrangler dev`
// and `npm start` read; `--persist-to` names another state folder, as `wrangler dev --persist-to` does) in-process
// and skips when it already holds this data; without it every object goes to
// the real bucket with `wrangler r2 object put --remote`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CANDLE_INDEX_KEY, candleObjects } from "../../shared/prices/candleObjects";
import { loadCandles, loadStethEth } from "../../shared/prices/loadCandles.node.js";
import { PricesDirNotFoundError, resolvePricesDir } from "../../shared/prices/pricesDir.node.js";
import { stethCandles } from "../../shared/prices/stethCandles";
import { type Candle, PRICE_SYMBOLS } from "../../shared/prices/types";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BUCKET = "vigil-prices";

/** The part of R2Bucket this script uses (Node has no workers types). */
interface Bucket {
  get(key: string): Promise<{ text(): Promise<string> } | null>;
  put(key: string, body: string): Promise<unknown>;
}

async function uploadLocal(objects: Map<string, string>, force: boolean, persistTo?: string): Promise<void> {
  const { getPlatformProxy } = await import("wrangler");
  const proxy = await getPlatformProxy<{ PRICES: Bucket }>({
    configPath: join(root, "wrangler.toml"),
    // `wrangler dev --persist-to X` keeps its state in X/v3.
    persist: persistTo === undefined ? true : { path: join(resolve(persistTo), "v3") },
  });
  try {
    const current = await proxy.env.PRICES.get(CANDLE_INDEX_KEY);
    if (!force && current && (await current.text()) === objects.get(CANDLE_INDEX_KEY)) {
      console.log("prices:upload: the local bucket already holds this data");
      return;
    }
    // The index last: a reader never sees an index naming years not written yet.
    for (const [key, body] of objects) if (key !== CANDLE_INDEX_KEY) await proxy.env.PRICES.put(key, body);
    await proxy.env.PRICES.put(CANDLE_INDEX_KEY, objects.get(CANDLE_INDEX_KEY)!);
    console.log(`prices:upload: wrote ${objects.size} objects to the local bucket`);
  } finally {
    await proxy.dispose();
  }
}

function uploadRemote(objects: Map<string, string>): void {
  const wrangler = join(root, "node_modules", ".bin", "wrangler");
  const dir = mkdtempSync(join(tmpdir(), "vigil-prices-"));
  try {
    const ordered = [...objects].sort(
      ([a], [b]) => Number(a === CANDLE_INDEX_KEY) - Number(b === CANDLE_INDEX_KEY),
    );
    for (const [key, body] of ordered) {
      const file = join(dir, key.replaceAll("/", "_"));
      writeFileSync(file, body);
      const type = key.endsWith(".json") ? "application/json" : "text/csv";
      const put = spawnSync(
        wrangler,
        ["r2", "object", "put", `${BUCKET}/${key}`, "--file", file, "--content-type", type, "--remote"],
        { cwd: root, stdio: "inherit" },
      );
      if (put.status !== 0) throw new Error(`wrangler r2 object put ${key} failed (exit ${put.status})`);
    }
    console.log(`prices:upload: wrote ${objects.size} objects to ${BUCKET}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      local: { type: "boolean" },
      force: { type: "boolean" },
      prices: { type: "string" },
      "persist-to": { type: "string" },
    },
  });
  let dir: string;
  try {
    dir = resolvePricesDir({ cliDir: values.prices });
  } catch (error) {
    if (!(error instanceof PricesDirNotFoundError)) throw error;
    console.error(`prices:upload: ${error.message}`);
    process.exit(2);
  }
  const feeds: Record<string, Candle[]> = Object.fromEntries(
    PRICE_SYMBOLS.map((symbol) => [symbol, loadCandles(dir, symbol)]),
  );
  // stETH/USD: ETH × the stETH/ETH oracle rate (shared/prices/stethCandles.ts).
  feeds.STETH = stethCandles(feeds.ETH ?? [], loadStethEth(dir));
  const objects = candleObjects(feeds);
  if (values.local) await uploadLocal(objects, values.force ?? false, values["persist-to"]);
  else uploadRemote(objects);
}

await main();
