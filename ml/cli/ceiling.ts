// `npm run -s risk:ceiling [-- --prices DIR] [--count N] [--seed N]`: how far below GBM could the 24 h Brier go
// with these features at all? Trains the network as risk:train does (24 h only, uncalibrated) twice and scores
// both on the same validation examples: once on the training period (the honest number), once on other hours of
// the validation period itself — leaky on purpose (same weeks, same regime), so an upper bound on what the
// features can explain there. Prints one JSON object. A diagnostic, never a way to build the shipped model.
import { parseArgs } from "node:util";
import { resolvePricesDir } from "../../shared/prices/pricesDir.node.js";
import { FEATURE_COUNT } from "../../shared/risk/features";
import { mlpForward } from "../../shared/risk/mlp";
import { type Example, generateExamples } from "../data/examples";
import { loadMarketData } from "../data/market.node.js";
import { scores } from "../eval/metrics";
import { trainNetwork } from "../train/network";
import { TRAINING, VALIDATION } from "../train/split";
import { parseIntArg } from "./args";

const { values: args } = parseArgs({
  options: {
    prices: { type: "string" },
    count: { type: "string", default: "150000" },
    seed: { type: "string", default: "7" },
  },
});
const seed = parseIntArg(args.seed, "--seed");
const count = parseIntArg(args.count, "--count");
const HORIZON = 24;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Standardises on the fitting examples, trains, and returns the probabilities on `scored`. */
function fitAndScore(fitting: Example[], scored: Example[]): number[] {
  const mean = new Array<number>(FEATURE_COUNT).fill(0);
  const std = new Array<number>(FEATURE_COUNT).fill(0);
  for (const e of fitting) for (const [j, x] of e.features.entries()) mean[j]! += x / fitting.length;
  for (const e of fitting)
    for (const [j, x] of e.features.entries()) std[j]! += (x - mean[j]!) ** 2 / fitting.length;
  const sd = std.map((v) => Math.sqrt(v) || 1);
  const row = (e: Example) => e.features.map((x, j) => (x - mean[j]!) / sd[j]!);
  const inputs = new Float64Array(fitting.length * FEATURE_COUNT);
  for (const [i, e] of fitting.entries()) inputs.set(row(e), i * FEATURE_COUNT);
  const network = trainNetwork({
    inputs,
    labels: Uint8Array.from(fitting.map((e) => e.label)),
    rows: fitting.length,
    columns: FEATURE_COUNT,
    hidden: [32, 16],
    epochs: 20,
    batchSize: 256,
    learningRate: 0.002,
    l2: 1e-4,
    seed,
  });
  return scored.map((e) => sigmoid(mlpForward(network, row(e))));
}

const market = loadMarketData(resolvePricesDir({ cliDir: args.prices }));
const examples = (ranges: typeof TRAINING, n: number, s: number) =>
  generateExamples({ market, ranges, horizonHours: HORIZON, count: n, seed: s });
const validation = examples([VALIDATION], 16000, seed * 1000 + 500);
const labels = validation.map((e) => e.label);
const gbm = scores(
  validation.map((e) => e.gbmProbability),
  labels,
);
const result = (p: number[]) => {
  const s = scores(p, labels);
  return { ...s, brierVsGbm: Math.round(((s.brier - gbm.brier) / gbm.brier) * 1000) / 1000 };
};
console.log(
  JSON.stringify({
    n: validation.length,
    gbm,
    trainedOnTraining: result(fitAndScore(examples(TRAINING, count, seed * 1000), validation)),
    trainedInsideValidation: result(
      fitAndScore(examples([VALIDATION], Math.round(count * (2 / 3)), seed * 1000 + 600), validation),
    ),
  }),
);
