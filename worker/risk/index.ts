export {
  type ForecastRiskInput,
  type ForecastRiskOutput,
  forecastRisk,
  riskModel,
  withHealthFactor,
} from "./forecastRisk";
export { positionFromPortfolio } from "./positionFromPortfolio";
