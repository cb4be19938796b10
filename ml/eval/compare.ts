import { predictHfOnly } from "../../shared/risk/baselines";
import type { LoadedRiskModel, RiskHorizonHours } from "../../shared/risk/model";
import type { Example } from "../data/examples";
import { type Scores, scores } from "./metrics";

export interface Comparison {
  n: number;
  baseRate: number;
  model: Scores;
  gbm: Scores;
  hfOnly: Scores;
}

/** The model's calibrated probabilities and both baselines' on the same examples (all of one horizon). */
export function probabilities(
  model: LoadedRiskModel,
  examples: readonly Example[],
  horizon: RiskHorizonHours,
) {
  return {
    model: model.predict(
      examples.map((e) => e.features),
      examples.map(() => horizon),
    ),
    gbm: examples.map((e) => e.gbmProbability),
    hfOnly: examples.map((e) => predictHfOnly(model.meta.hfOnly[`${horizon}`], e.healthFactor)),
  };
}

export function compare(
  model: LoadedRiskModel,
  examples: readonly Example[],
  horizon: RiskHorizonHours,
): Comparison {
  const labels = examples.map((e) => e.label);
  const p = probabilities(model, examples, horizon);
  return {
    n: examples.length,
    baseRate: Math.round((labels.reduce((s, y) => s + y, 0) / Math.max(1, labels.length)) * 1e5) / 1e5,
    model: scores(p.model, labels),
    gbm: scores(p.gbm, labels),
    hfOnly: scores(p.hfOnly, labels),
  };
}
