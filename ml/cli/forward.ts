// `npm run -s risk:forward [-- --prices DIR] [--horizon 24h|7d] [--seeds 7,11] [--count N]`: does training on the
// most recent months help the months that follow? For each test period (Nov–Dec 2022, the FTX crash; Feb–Dec 2023)
// the recipe is trained twice, uncalibrated, and scored on the same examples: once on history up to April 2022 (what
// the held-out model has before validation), once on all history up to 30 days before the test period. This is the
// evidence behind shipping a refit on every hour (docs/risk-model.md). For the FTX crash it also counts the
// liquidated positions each network called "high" 6 h before the first touch (24 h only, raw probabilities).
// Prints one JSON object.
import { parseArgs } from "node:util";
import { resolvePricesDir } from "../../shared/prices/pricesDir.node.js";
import { generateExamples, type TimeRange } from "../data/examples";
import { loadMarketData } from "../data/market.node.js";
import { liquidationLeadTimes } from "../eval/leadTime";
import { type Scores, scores } from "../eval/metrics";
import { fitRawNetwork } from "../train/fitRaw";
import { CRASH_WINDOWS, EMBARGO_SECONDS, TRAINING } from "../train/split";
import { parseHorizon, parseIntArg, UsageError } from "./args";

const at = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 1000;
const november2022 = CRASH_WINDOWS.find((w) => w.name === "November 2022")!;
const TEST_PERIODS = [
  { name: "2022-11-01 → 2022-12-31", from: at("2022-11-01"), to: at("2023-01-01"), crash: november2022 },
  { name: "2023-02-01 → 2023-12-31", from: at("2023-02-01"), to: at("2024-01-01"), crash: null },
];

function main() {
  const { values: args } = parseArgs({
    options: {
      prices: { type: "string" },
      horizon: { type: "string", default: "24h" },
      seeds: { type: "string", default: "7" },
      count: { type: "string", default: "150000" },
    },
  });
  const horizonHours = parseHorizon(args.horizon);
  const count = parseIntArg(args.count, "--count");
  const seeds = args.seeds.split(",").map((s) => parseIntArg(s, "--seeds"));
  if (seeds.length === 0) throw new UsageError("--seeds needs at least one seed");
  const market = loadMarketData(resolvePricesDir({ cliDir: args.prices }));
  const examples = (ranges: TimeRange[], n: number, seed: number) =>
    generateExamples({ market, ranges, horizonHours, count: n, seed });
  const older: TimeRange[] = [TRAINING[0]!];
  const vsGbm = (s: Scores, gbm: Scores) => ({
    ...s,
    brierVsGbm: Math.round(((s.brier - gbm.brier) / gbm.brier) * 1000) / 1000,
  });
  const runs = seeds.flatMap((seed) => {
    const withoutRecent = fitRawNetwork(examples(older, count, seed * 1000), seed);
    return TEST_PERIODS.map((period, i) => {
      const tested = examples([period], 16000, seed * 1000 + 900 + i);
      const labels = tested.map((e) => e.label);
      const gbm = scores(
        tested.map((e) => e.gbmProbability),
        labels,
      );
      const recent = [{ from: 0, to: period.from - EMBARGO_SECONDS }];
      const withRecent = fitRawNetwork(examples(recent, count, seed * 1000), seed);
      const warned = (predict: (features: readonly number[]) => number) =>
        period.crash && horizonHours === 24
          ? liquidationLeadTimes({
              market,
              forecast: (features) => predict(features.vector),
              window: period.crash,
              count: 2000,
              seed: seed * 1000 + 950,
              alerts: false,
            }).share
          : undefined;
      return {
        seed,
        period: period.name,
        n: tested.length,
        baseRate: labels.reduce((s, y) => s + y, 0) / labels.length,
        gbm,
        trainedToApril2022: {
          ...vsGbm(
            scores(
              tested.map((e) => withoutRecent(e.features)),
              labels,
            ),
            gbm,
          ),
          warned6hShare: warned(withoutRecent),
        },
        trainedToMonthBefore: {
          ...vsGbm(
            scores(
              tested.map((e) => withRecent(e.features)),
              labels,
            ),
            gbm,
          ),
          warned6hShare: warned(withRecent),
        },
      };
    });
  });
  console.log(JSON.stringify({ horizon: args.horizon, runs }));
}

try {
  main();
} catch (error: unknown) {
  console.error(`risk:forward: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof UsageError ? 2 : 1);
}
