import type { HealthFactorBand } from "../../shared/words/healthFactorBand";

/** Aave's health-factor colours, used by the popup, the toolbar badge and the in-page overlay. */
export const healthFactorBandColors: Record<HealthFactorBand, string> = {
  safe: "#2E9E5B",
  warning: "#F89F1A",
  danger: "#E84142",
  none: "#8E92A3",
};
