import { type RiskBand, riskBand } from "./bands";
import { riskDrivers } from "./drivers";
import { computeRiskFeatures } from "./features";
import type { LoadedRiskModel, RiskHorizonHours } from "./model";
import { positionHealthFactor, type RiskPosition } from "./position";
import type { PriceHistory } from "./priceHistory";

export interface RiskForecastInput {
  position: RiskPosition;
  /** Prices per feed; anything after `asOf` is ignored. Short or empty histories fall back to prior volatility. */
  history: PriceHistory;
  asOf: number;
  horizonHours: RiskHorizonHours;
}

export interface RiskForecast {
  probability: number;
  band: RiskBand;
  horizonHours: RiskHorizonHours;
  drivers: string[];
  modelVersion: string;
}

/** Forecasts many positions at once. */
export function forecastMany(model: LoadedRiskModel, inputs: readonly RiskForecastInput[]): RiskForecast[] {
  const features = inputs.map((input) => computeRiskFeatures(input));
  const probabilities = model.predict(
    features.map((f) => f.vector),
    inputs.map((i) => i.horizonHours),
  );
  return inputs.map((input, i) => {
    const hf = positionHealthFactor(input.position);
    // Outside the model's domain the answer is certain: nothing borrowed, or already liquidatable.
    const probability = !Number.isFinite(hf) ? 0 : hf <= 1 ? 1 : probabilities[i]!;
    const drivers = !Number.isFinite(hf)
      ? ["no debt: nothing can be liquidated"]
      : riskDrivers(features[i]!, input.horizonHours);
    return {
      probability,
      band: riskBand(probability),
      horizonHours: input.horizonHours,
      drivers,
      modelVersion: model.version,
    };
  });
}

export function forecast(model: LoadedRiskModel, input: RiskForecastInput): RiskForecast {
  return forecastMany(model, [input])[0]!;
}
