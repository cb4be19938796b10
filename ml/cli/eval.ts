// `npm run -s risk:eval -- --prices DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--horizon 24h|7d] [--seed N]
//  [--count N] [--plot FILE]`: samples examples from the price files in DIR (random start hours × random positions,
// labelled from the real path), scores the committed model and both baselines on them, prints ONE JSON object.
// `npm run -s risk:eval -- --report [--prices DIR] [--seed N] [--count N]`: the validation period and each crash
// window, both horizons, plus the 6-hour warning share, as the Markdown tables of docs/risk-model.md.
// `--model DIR` scores another artifact than the shipped ml/model/, e.g. ml/model/heldout (the twin that never saw
// the validation months).
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { resolvePricesDir } from "../../shared/prices/pricesDir.node.js";
import { predictHfOnly } from "../../shared/risk/baselines";
import { loadRiskModel } from "../../shared/risk/model";
import { generateExamples } from "../data/examples";
import { loadMarketData } from "../data/market.node.js";
import { scores } from "../eval/metrics";
import { reliabilitySvg } from "../eval/reliabilitySvg";
import { buildReport, reportMarkdown } from "../eval/report";
import { readArtifact } from "../train/artifactFiles.node.js";
import { parseDay, parseHorizon, parseIntArg, UsageError } from "./args";

async function main() {
  const { values: args } = parseArgs({
    options: {
      prices: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      horizon: { type: "string", default: "24h" },
      seed: { type: "string", default: "1" },
      count: { type: "string", default: "5000" },
      plot: { type: "string" },
      report: { type: "boolean", default: false },
      model: { type: "string" },
    },
  });
  const horizonHours = parseHorizon(args.horizon);
  const seed = parseIntArg(args.seed, "--seed");
  const count = parseIntArg(args.count, "--count");
  const from = args.from === undefined ? 0 : parseDay(args.from, "--from");
  const to = args.to === undefined ? Number.MAX_SAFE_INTEGER : parseDay(args.to, "--to");
  if (from >= to) throw new UsageError("--from must be before --to");

  const artifact = readModelDir(args.model);
  const market = loadMarketData(resolvePricesDir({ cliDir: args.prices }));
  if (args.report) {
    const model = await loadRiskModel(artifact);
    process.stdout.write(reportMarkdown(buildReport({ market, model, seed, count })));
    return;
  }
  const examples = generateExamples({ market, ranges: [{ from, to }], horizonHours, count, seed });
  if (examples.length === 0) {
    throw new UsageError(
      `no examples: the prices hold no complete ${args.horizon} window between --from and --to`,
    );
  }
  const model = await loadRiskModel(artifact);
  const labels = examples.map((e) => e.label);
  const series = {
    model: model.predict(
      examples.map((e) => e.features),
      examples.map(() => horizonHours),
    ),
    gbm: examples.map((e) => e.gbmProbability),
    hfOnly: examples.map((e) => predictHfOnly(model.meta.hfOnly[`${horizonHours}`], e.healthFactor)),
  };
  const result = {
    n: examples.length,
    baseRate: Math.round((labels.reduce((s, y) => s + y, 0) / labels.length) * 1e5) / 1e5,
    model: scores(series.model, labels),
    gbm: scores(series.gbm, labels),
    hfOnly: scores(series.hfOnly, labels),
  };
  if (args.plot) {
    const title = `Reliability, ${args.horizon}, ${args.from ?? "start"} → ${args.to ?? "end"}, n=${result.n}`;
    writeFileSync(args.plot, reliabilitySvg(title, labels, series));
  }
  console.log(JSON.stringify(result));
}

function readModelDir(dir: string | undefined) {
  if (dir === undefined) return readArtifact();
  if (!existsSync(join(dir, "meta.json")))
    throw new UsageError(`--model ${dir}: no model there (meta.json missing)`);
  return readArtifact(dir);
}

main().catch((error: unknown) => {
  console.error(`risk:eval: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
