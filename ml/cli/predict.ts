// `npm run -s risk:predict -- --prices DIR < positions.jsonl`: one JSON position per line in, one JSON line out
// ({probability, band, drivers}, or {error} for a bad line — the run goes on). Only prices at or before each
// line's asOf are used.
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { resolvePricesDir } from "../../shared/prices/pricesDir.node.js";
import { forecast } from "../../shared/risk/forecast";
import { loadRiskModel } from "../../shared/risk/model";
import { historyAsOf } from "../../shared/risk/priceHistory";
import { riskPredictLineSchema } from "../../shared/schemas/risk";
import { loadMarketData } from "../data/market.node.js";
import { readArtifact } from "../train/artifactFiles.node.js";

async function main() {
  const { values: args } = parseArgs({ options: { prices: { type: "string" } } });
  const market = loadMarketData(resolvePricesDir({ cliDir: args.prices }));
  const model = await loadRiskModel(readArtifact());
  let lineNumber = 0;
  for await (const raw of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber++;
    const line = raw.trim();
    if (line === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      console.log(JSON.stringify({ error: `line ${lineNumber}: not JSON (${(error as Error).message})` }));
      continue;
    }
    const parsed = riskPredictLineSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((i) => `${i.path.join(".") || "(line)"}: ${i.message}`)
        .join("; ");
      console.log(JSON.stringify({ error: `line ${lineNumber}: ${issues}` }));
      continue;
    }
    const { asOf, horizonHours, collateral, debt } = parsed.data;
    try {
      const result = forecast(model, {
        position: { collateral, debt },
        history: historyAsOf(market.history, asOf),
        asOf,
        horizonHours,
      });
      console.log(
        JSON.stringify({
          probability: Math.round(result.probability * 1e4) / 1e4,
          band: result.band,
          drivers: result.drivers,
        }),
      );
    } catch (error) {
      console.log(JSON.stringify({ error: `line ${lineNumber}: ${(error as Error).message}` }));
    }
  }
}

main().catch((error: unknown) => {
  console.error(`risk:predict: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
