// `npm run -s risk:ceiling [-- --prices DIR] [--count N] [--seed N]`: how far below GBM could the 24 h Brier go
// with these features at all? Trains the network as risk:train does (24 h only, uncalibrated) twice and scores
// both on the same validation examples: once on the training period (the honest number), once on other hours of
// the validation period itself — leaky on purpose (same weeks, same regime), so an upper bound on what the
// features can explain there. And a bound of another kind: GBM's first passage told the volatility the ratio
// actually had over each example's coming day (close-to-close, and range-based) — the one thing about the future a
// price-history model can hope to forecast, given to it exactly. Prints one JSON object. A diagnostic, never a way
// to build the shipped model.
import { parseArgs } from "node:util";
import { resolvePricesDir } from "../../shared/prices/pricesDir.node.js";
import { gbmFirstPassage } from "../../shared/risk/baselines";
import { type Example, generateExamples } from "../data/examples";
import { loadMarketData } from "../data/market.node.js";
import { realisedVolatility } from "../eval/foresight";
import { scores } from "../eval/metrics";
import { fitRawNetwork } from "../train/fitRaw";
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

/** Trains on the fitting examples and returns the probabilities on `scored`. */
function fitAndScore(fitting: Example[], scored: Example[]): number[] {
  const predict = fitRawNetwork(fitting, seed);
  return scored.map((e) => predict(e.features));
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
const foresight = validation.map((e) => realisedVolatility(market, e.position, e.asOf, HORIZON)!);
const gbmKnowing = (kind: "close" | "range") =>
  result(validation.map((e, i) => gbmFirstPassage(e.healthFactor, foresight[i]![kind], HORIZON)));
console.log(
  JSON.stringify({
    n: validation.length,
    gbm,
    gbmKnowingTheDaysVolatility: { close: gbmKnowing("close"), range: gbmKnowing("range") },
    trainedOnTraining: result(fitAndScore(examples(TRAINING, count, seed * 1000), validation)),
    trainedInsideValidation: result(
      fitAndScore(examples([VALIDATION], Math.round(count * (2 / 3)), seed * 1000 + 600), validation),
    ),
  }),
);
