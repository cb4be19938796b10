import type { LayersModel } from "@tensorflow/tfjs-layers";
import { FEATURE_COUNT, FEATURE_NAMES } from "./features";

/** Horizons the model is calibrated for, in hours. */
export const RISK_HORIZONS = [24, 168] as const;
export type RiskHorizonHours = (typeof RISK_HORIZONS)[number];

export interface PlattCalibration {
  /** calibrated = σ(a · logit + b) */
  a: number;
  b: number;
}

/** Everything besides the network that inference needs; written by `npm run risk:train` as ml/model/meta.json. */
export interface RiskModelMeta {
  version: string;
  featureNames: string[];
  /** Per-feature standardisation fitted on the training examples. */
  mean: number[];
  std: number[];
  calibration: Record<`${RiskHorizonHours}`, PlattCalibration>;
  /** HF-only baseline table (empirical frequency per HF bucket, training examples). */
  hfOnly: Record<`${RiskHorizonHours}`, number[]>;
}

/** A tfjs LayersModel artifact: model.json's content plus the bytes of its single weights file. */
export interface RiskModelArtifact {
  modelJson: { modelTopology: unknown; weightsManifest: { paths: string[]; weights: unknown[] }[] };
  weights: Uint8Array;
  meta: RiskModelMeta;
}

export interface LoadedRiskModel {
  version: string;
  meta: RiskModelMeta;
  /** Calibrated probabilities for rows of feature vectors (from computeRiskFeatures), one horizon per row. */
  predict(rows: readonly (readonly number[])[], horizons: readonly RiskHorizonHours[]): number[];
}

export class RiskModelError extends Error {
  override readonly name = "RiskModelError";
}

export function isRiskHorizon(hours: number): hours is RiskHorizonHours {
  return (RISK_HORIZONS as readonly number[]).includes(hours);
}

export function applyPlatt(calibration: PlattCalibration, logit: number): number {
  return 1 / (1 + Math.exp(-(calibration.a * logit + calibration.b)));
}

/**
 * Loads the network with tfjs (core + layers + the pure-JS CPU backend). tfjs is imported here, lazily, so code
 * that never forecasts never loads it.
 */
export async function loadRiskModel(artifact: RiskModelArtifact): Promise<LoadedRiskModel> {
  const { meta } = artifact;
  if (meta.featureNames.join(",") !== FEATURE_NAMES.join(",")) {
    throw new RiskModelError(
      `model ${meta.version} was trained on features [${meta.featureNames.join(", ")}], this code computes [${FEATURE_NAMES.join(", ")}]: retrain with npm run risk:train`,
    );
  }
  const [tf, tfl] = await Promise.all([import("@tensorflow/tfjs-core"), import("@tensorflow/tfjs-layers")]);
  // PROD: skip tfjs's debug checks and its "install tfjs-node" notice (a native binary we deliberately avoid).
  tf.env().set("PROD", true);
  await import("@tensorflow/tfjs-backend-cpu");
  if (tf.getBackend() !== "cpu") await tf.setBackend("cpu");
  const bytes = artifact.weights;
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const network: LayersModel = await tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: artifact.modelJson.modelTopology as object,
      weightSpecs: artifact.modelJson.weightsManifest.flatMap((group) => group.weights) as never,
      weightData,
    }),
  );
  return {
    version: meta.version,
    meta,
    predict(rows, horizons) {
      if (rows.length === 0) return [];
      const input = new Float32Array(rows.length * FEATURE_COUNT);
      rows.forEach((row, i) => {
        for (let j = 0; j < FEATURE_COUNT; j++)
          input[i * FEATURE_COUNT + j] = (row[j]! - meta.mean[j]!) / meta.std[j]!;
      });
      const logits = tf.tidy(() => {
        const out = network.predict(
          tf.tensor2d(input, [rows.length, FEATURE_COUNT]),
        ) as import("@tensorflow/tfjs-core").Tensor;
        return out.dataSync() as Float32Array;
      });
      return rows.map((_, i) => applyPlatt(meta.calibration[`${horizons[i]!}`], logits[i]!));
    },
  };
}
