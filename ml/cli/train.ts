// `npm run risk:train [-- --prices DIR] [--seed N]`: builds examples from the real price history, trains the
// network, calibrates it on validation, compares it with the two baselines and writes ml/model/.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { resolvePricesDir } from "../../shared/prices/pricesDir.node.js";
import { fitHfOnly, HF_BUCKET_EDGES, predictHfOnly } from "../../shared/risk/baselines";
import { FEATURE_COUNT, FEATURE_NAMES } from "../../shared/risk/features";
import {
  applyPlatt,
  type PlattCalibration,
  type RiskHorizonHours,
  type RiskModelMeta,
} from "../../shared/risk/model";
import { type Example, generateExamples } from "../data/examples";
import { loadMarketData } from "../data/market.node.js";
import { type Scores, scores } from "../eval/metrics";
import { MODEL_DIR, writeArtifact } from "../train/artifactFiles.node.js";
import { exportArtifacts, predictLogits, trainNetwork } from "../train/network";
import { fitPlatt } from "../train/platt";
import { TRAINING, VALIDATION, VALIDATION_HALF_BOUNDARY } from "../train/split";

const { values: args } = parseArgs({
  options: {
    prices: { type: "string" },
    seed: { type: "string", default: "7" },
    "train-count": { type: "string", default: "60000" },
    "validation-count": { type: "string", default: "16000" },
    epochs: { type: "string", default: "25" },
    out: { type: "string", default: MODEL_DIR },
  },
});
const seed = Number(args.seed);
const HORIZONS: RiskHorizonHours[] = [24, 168];
const started = performance.now();
const log = (message: string) => process.stderr.write(`${message}\n`);

function progressBar(label: string, fraction: number, suffix = "") {
  const width = 30;
  const filled = Math.round(fraction * width);
  process.stderr.write(
    `\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${suffix}   `,
  );
}

function standardiser(examples: Example[]) {
  const mean = new Array<number>(FEATURE_COUNT).fill(0);
  const std = new Array<number>(FEATURE_COUNT).fill(0);
  for (const e of examples) for (const [j, x] of e.features.entries()) mean[j]! += x / examples.length;
  for (const e of examples)
    for (const [j, x] of e.features.entries()) std[j]! += (x - mean[j]!) ** 2 / examples.length;
  return { mean, std: std.map((v) => Math.sqrt(v) || 1) };
}

function toInputs(examples: Example[], mean: number[], std: number[]): Float32Array {
  const x = new Float32Array(examples.length * FEATURE_COUNT);
  examples.forEach((e, i) => {
    for (const [j, v] of e.features.entries()) x[i * FEATURE_COUNT + j] = (v - mean[j]!) / std[j]!;
  });
  return x;
}

async function main() {
  const dir = resolvePricesDir({ cliDir: args.prices });
  log(`prices: ${dir}`);
  const market = loadMarketData(dir);
  const train: Example[] = [];
  const validation: Record<number, Example[]> = {};
  for (const [h, horizon] of HORIZONS.entries()) {
    const count = Number(args["train-count"]);
    const made = generateExamples({
      market,
      ranges: TRAINING,
      horizonHours: horizon,
      count,
      seed: seed * 1000 + h,
      onProgress: (done) => progressBar(`examples ${horizon}h train`, done / count),
    });
    train.push(...made);
    const vCount = Number(args["validation-count"]);
    validation[horizon] = generateExamples({
      market,
      ranges: [VALIDATION],
      horizonHours: horizon,
      count: vCount,
      seed: seed * 1000 + 500 + h,
      onProgress: (done) => progressBar(`examples ${horizon}h valid`, done / vCount),
    });
    log("");
  }
  const { mean, std } = standardiser(train);
  const epochs = Number(args.epochs);
  const network = await trainNetwork({
    inputs: toInputs(train, mean, std),
    labels: Float32Array.from(train.map((e) => e.label)),
    rows: train.length,
    columns: FEATURE_COUNT,
    epochs,
    batchSize: 256,
    learningRate: 0.002,
    seed,
    onBatch: (epoch, batch, batches, loss) => {
      if (batch % 10 === 0 || batch === batches - 1) {
        progressBar(
          "training",
          (epoch * batches + batch + 1) / (epochs * batches),
          `epoch ${epoch + 1}/${epochs} loss ${loss.toFixed(4)}`,
        );
      }
    },
  });
  log("");

  const calibration = {} as Record<`${RiskHorizonHours}`, PlattCalibration>;
  const hfOnly = {} as Record<`${RiskHorizonHours}`, number[]>;
  const table: Record<string, { n: number; baseRate: number; model: Scores; gbm: Scores; hfOnly: Scores }> =
    {};
  for (const horizon of HORIZONS) {
    const trainH = train.filter((e) => e.horizonHours === horizon);
    hfOnly[`${horizon}`] = fitHfOnly(
      trainH.map((e) => e.healthFactor),
      trainH.map((e) => e.label),
    );
    const val = validation[horizon]!;
    const labels = val.map((e) => e.label);
    const logits = Array.from(predictLogits(network, toInputs(val, mean, std), val.length, FEATURE_COUNT));
    calibration[`${horizon}`] = fitPlatt(logits, labels);
    // Honest validation numbers: each half of the validation period is scored with a calibration fitted on the
    // other half only (the shipped calibration uses all of it).
    const inA = val.map((e) => e.asOf < VALIDATION_HALF_BOUNDARY);
    const pick = <T>(xs: T[], side: boolean) => xs.filter((_, i) => inA[i] === side);
    const calA = fitPlatt(pick(logits, true), pick(labels, true));
    const calB = fitPlatt(pick(logits, false), pick(labels, false));
    const crossFitted = logits.map((z, i) => applyPlatt(inA[i] ? calB : calA, z));
    table[horizon === 24 ? "24h" : "7d"] = {
      n: val.length,
      baseRate: Math.round((labels.reduce((s, y) => s + y, 0) / labels.length) * 1e5) / 1e5,
      model: scores(crossFitted, labels),
      gbm: scores(
        val.map((e) => e.gbmProbability),
        labels,
      ),
      hfOnly: scores(
        val.map((e) => predictHfOnly(hfOnly[`${horizon}`], e.healthFactor)),
        labels,
      ),
    };
  }

  const saved = await exportArtifacts(network);
  let hash = 0x811c9dc5;
  for (const byte of saved.weights) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  const meta: RiskModelMeta = {
    version: `mlp-${FEATURE_COUNT}x32x16-${hash.toString(16).padStart(8, "0")}`,
    featureNames: [...FEATURE_NAMES],
    mean,
    std,
    calibration,
    hfOnly,
  };
  mkdirSync(args.out, { recursive: true });
  writeArtifact(args.out, { ...saved, meta });
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(
    join(args.out, "metrics.json"),
    `${JSON.stringify({ version: meta.version, seed, hfBucketEdges: HF_BUCKET_EDGES, trainExamples: train.length, validation: table, trainingSeconds: Math.round(seconds) }, null, 2)}\n`,
  );
  log(
    `model ${meta.version} written to ${args.out} in ${seconds.toFixed(0)} s (${train.length} training examples)`,
  );
  console.log(JSON.stringify(table, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
