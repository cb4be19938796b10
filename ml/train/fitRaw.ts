import { FEATURE_COUNT } from "../../shared/risk/features";
import { mlpForward } from "../../shared/risk/mlp";
import type { Example } from "../data/examples";
import { trainNetwork } from "./network";

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * The shipped recipe without calibration, for diagnostics (risk:ceiling, risk:forward): standardises on the fitting
 * examples, trains the 32 → 16 network, and returns its probability for any feature vector.
 */
export function fitRawNetwork(fitting: Example[], seed: number): (features: readonly number[]) => number {
  const mean = new Array<number>(FEATURE_COUNT).fill(0);
  const std = new Array<number>(FEATURE_COUNT).fill(0);
  for (const e of fitting) for (const [j, x] of e.features.entries()) mean[j]! += x / fitting.length;
  for (const e of fitting)
    for (const [j, x] of e.features.entries()) std[j]! += (x - mean[j]!) ** 2 / fitting.length;
  const sd = std.map((v) => Math.sqrt(v) || 1);
  const row = (features: readonly number[]) => features.map((x, j) => (x - mean[j]!) / sd[j]!);
  const inputs = new Float64Array(fitting.length * FEATURE_COUNT);
  for (const [i, e] of fitting.entries()) inputs.set(row(e.features), i * FEATURE_COUNT);
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
  return (features) => sigmoid(mlpForward(network, row(features)));
}
