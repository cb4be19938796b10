/**
 * Risk bands for the forecast probability (chance of HF < 1 within the horizon).
 *
 * - low    p < 0.05  — under 1 in 20. Below the 24 h base rate of our example mix (≈6 %) and about what a position
 *                      at HF ≈ 1.3 faces over a calm day: nothing to do.
 * - medium 0.05 ≤ p < 0.30 — a real chance, worth watching or topping up; 0.15 (the product's example
 *                      "Risk: 0.15 (medium)") sits here: roughly one bad week in seven.
 * - high   p ≥ 0.30 — close to a coin flip or worse: act now (repay or add collateral).
 *
 * A band is a prompt to act, so the edges are at probabilities where the action changes, not at quantiles.
 */
export const RISK_BANDS = ["low", "medium", "high"] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

export const RISK_BAND_CUTOFFS = { medium: 0.05, high: 0.3 } as const;

export function riskBand(probability: number): RiskBand {
  if (probability >= RISK_BAND_CUTOFFS.high) return "high";
  if (probability >= RISK_BAND_CUTOFFS.medium) return "medium";
  return "low";
}
