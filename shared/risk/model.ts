import { FEATURE_COUNT, FEATURE_NAMES, type FeatureName, featureOf } from "./features";
import { type Mlp, type MlpTopology, mlpForward, mlpFromBytes } from "./mlp";

/** Horizons the model is calibrated for, in hours. */
export const RISK_HORIZONS = [24, 168] as const;
export type RiskHorizonHours = (typeof RISK_HORIZONS)[number];

export interface PlattCalibration {
  /** calibrated = σ(a · logit + b + regime.weight · feature) */
  a: number;
  b: number;
  /**
   * One raw feature the calibration also reads (a market-regime signal). Fitted with a and b on out-of-fold
   * logits, it corrects what a network under-learns about regimes it has not seen. Absent: plain Platt.
   */
  regime?: { feature: FeatureName; weight: number };
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
  /** Start hours (unix s) the training examples were drawn from: a period inside them is in-sample. */
  trainedOn?: { from: number; to: number }[];
}

/** The model as files: model.json (layer shapes), weights.bin (float32), meta.json. */
export interface RiskModelArtifact {
  modelJson: MlpTopology;
  weights: Uint8Array;
  meta: RiskModelMeta;
}

export interface LoadedRiskModel {
  version: string;
  meta: RiskModelMeta;
  /** Calibrated probabilities for rows of feature vectors (from computeRiskFeatures), one horizon per row. */
  predict(rows: readonly (readonly number[])[], horizons: readonly RiskHorizonHours[]): number[];
  /** Uncalibrated network outputs (training fits the calibration on these). */
  logits(rows: readonly (readonly number[])[]): number[];
}

export class RiskModelError extends Error {
  override readonly name = "RiskModelError";
}

export function isRiskHorizon(hours: number): hours is RiskHorizonHours {
  return (RISK_HORIZONS as readonly number[]).includes(hours);
}

/** The calibrated probability of one row's logit; `row` (its raw features) is read only for a regime term. */
export function applyPlatt(calibration: PlattCalibration, logit: number, row?: readonly number[]): number {
  const { a, b, regime } = calibration;
  if (regime && !row)
    throw new RiskModelError(`the calibration reads ${regime.feature}: pass the row's features`);
  const shift = regime && row ? regime.weight * featureOf(row, regime.feature) : 0;
  return 1 / (1 + Math.exp(-(a * logit + b + shift)));
}

/** Wraps a network and its meta into the predictor every caller uses (training's evaluation included). */
export function riskModelFrom(network: Mlp, meta: RiskModelMeta): LoadedRiskModel {
  if (meta.featureNames.join(",") !== FEATURE_NAMES.join(",")) {
    throw new RiskModelError(
      `model ${meta.version} was trained on features [${meta.featureNames.join(", ")}], this code computes [${FEATURE_NAMES.join(", ")}]: retrain with npm run risk:train`,
    );
  }
  if (network.topology.layers[0]?.inputs !== FEATURE_COUNT) {
    throw new RiskModelError(
      `model ${meta.version} takes ${network.topology.layers[0]?.inputs} inputs, not ${FEATURE_COUNT}`,
    );
  }
  for (const [horizon, calibration] of Object.entries(meta.calibration)) {
    const feature = calibration.regime?.feature;
    if (feature !== undefined && !(FEATURE_NAMES as readonly string[]).includes(feature))
      throw new RiskModelError(
        `model ${meta.version}: the ${horizon} h calibration reads "${feature}", which this code does not compute`,
      );
  }
  const input = new Float64Array(FEATURE_COUNT);
  const logits = (rows: readonly (readonly number[])[]) =>
    rows.map((row) => {
      for (let j = 0; j < FEATURE_COUNT; j++) input[j] = (row[j]! - meta.mean[j]!) / meta.std[j]!;
      return mlpForward(network, input);
    });
  return {
    version: meta.version,
    meta,
    logits,
    predict(rows, horizons) {
      return logits(rows).map((z, i) => applyPlatt(meta.calibration[`${horizons[i]!}`], z, rows[i]));
    },
  };
}

/** Loads the committed artifact (async for callers that import it lazily; the work itself is synchronous). */
export async function loadRiskModel(artifact: RiskModelArtifact): Promise<LoadedRiskModel> {
  return riskModelFrom(mlpFromBytes(artifact.modelJson, artifact.weights), artifact.meta);
}
