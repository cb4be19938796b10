import { z } from "zod";
import { RISK_BAND_CUTOFFS } from "../../../../shared/risk/bands";
import { type RiskAlertSeverity, riskAlertSeveritySchema } from "../../../../shared/schemas/ws";
import {
  formatHealthFactor,
  formatHealthFactorBelow,
  LIQUIDATION_HEALTH_FACTOR,
} from "../../../../shared/words/healthFactorText";
import {
  type LiquidationDistance,
  liquidationDistanceText,
  liquidationOddsText,
} from "../../../../shared/words/riskWords";

/**
 * Hysteresis: an alert is raised when HF < threshold (or the band turns high) and only cleared once HF is back
 * above threshold × (1 + healthFactor) and the probability below the high cut-off × probability. The same HF
 * margin re-arms "liquidatable": once HF is back above 1 × (1 + healthFactor) a new fall under 1 is told again.
 * A position hovering at a boundary therefore alerts once, not every tick; 2 % of HF is about a 2 % price move.
 */
export const ALERT_HYSTERESIS = { healthFactor: 0.02, probability: 0.8 } as const;

export const openAlertSchema = z.object({
  reason: z.enum(["health_factor", "risk_band"]),
  raisedAt: z.number(),
  chainId: z.number().int().nullable(),
  /** The worst step already told in this episode (alerts stored before severities were all "warning"). */
  severity: riskAlertSeveritySchema.default("warning"),
});
export type OpenAlert = z.infer<typeof openAlertSchema>;

export interface RiskReading {
  healthFactor: number | null;
  band: "low" | "medium" | "high" | null;
  probability: number | null;
  /** For the words only: the forecast's horizon and how far the main collateral may fall. */
  horizon?: "24h" | "7d";
  distance?: LiquidationDistance | null;
}

export type AlertDecision =
  | { kind: "none" }
  /** A new alert, or the open one got a step worse: notify once. */
  | { kind: "raise"; reason: OpenAlert["reason"]; severity: RiskAlertSeverity }
  /** Better, but not over: lower the open alert's step silently so that the next fall is told again. */
  | { kind: "settle"; severity: RiskAlertSeverity }
  /** Over: notify "recovered" once. */
  | { kind: "clear"; reason: OpenAlert["reason"] };

const liquidatable = (hf: number | null) => hf !== null && hf < LIQUIDATION_HEALTH_FACTOR;
const reArmed = (hf: number | null) =>
  hf === null || hf >= LIQUIDATION_HEALTH_FACTOR * (1 + ALERT_HYSTERESIS.healthFactor);

/**
 * The alert state machine, pure: what to do given the open alert (if any), the reading and the threshold.
 * Steps: warning (under the threshold, or a high band) → liquidatable (HF < 1) → liquidated (told by the
 * liquidation watch, not by a reading). Each step is raised once; "clear" ends the episode.
 */
export function decideAlert(open: OpenAlert | null, reading: RiskReading, threshold: number): AlertDecision {
  const { healthFactor, band, probability } = reading;
  if (!open) {
    if (liquidatable(healthFactor))
      return { kind: "raise", reason: "health_factor", severity: "liquidatable" };
    if (healthFactor !== null && healthFactor < threshold) {
      return { kind: "raise", reason: "health_factor", severity: "warning" };
    }
    if (band === "high") return { kind: "raise", reason: "risk_band", severity: "warning" };
    return { kind: "none" };
  }
  const healthy = healthFactor === null || healthFactor >= threshold * (1 + ALERT_HYSTERESIS.healthFactor);
  const calm =
    band !== "high" &&
    (probability === null || probability < RISK_BAND_CUTOFFS.high * ALERT_HYSTERESIS.probability);
  if (healthy && calm) return { kind: "clear", reason: open.reason };
  // After a liquidation a position still under 1 is not told "liquidatable" again: the next liquidation is.
  if (open.severity === "warning" && liquidatable(healthFactor)) {
    return { kind: "raise", reason: "health_factor", severity: "liquidatable" };
  }
  if (open.severity !== "warning" && reArmed(healthFactor)) return { kind: "settle", severity: "warning" };
  return { kind: "none" };
}

/**
 * The notification text, in a borrower's words: what happened, how far liquidation is ("WETH would have to fall
 * 5.0 % (to $2,850.00) for liquidation — about 1 in 25 in a day") and what to do. No "σ", no model names.
 */
export function alertMessage(
  decision: Exclude<AlertDecision, { kind: "none" | "settle" }>,
  reading: RiskReading,
  threshold: number,
): string {
  const hf = `health factor ${formatHealthFactor(reading.healthFactor, "no debt")}`;
  if (decision.kind === "clear") {
    if (reading.healthFactor === null) return "Recovered: you have no debt left.";
    return decision.reason === "health_factor"
      ? `Recovered: your ${hf} is back above your alert threshold.`
      : `Recovered: liquidation risk is back to normal (${hf}).`;
  }
  if (decision.severity === "liquidatable") {
    return "Your position can be liquidated now (health factor below 1). Repay debt or add collateral at once.";
  }
  const distance = reading.distance ? liquidationDistanceText(reading.distance) : null;
  const odds =
    reading.probability === null ? null : liquidationOddsText(reading.probability, reading.horizon ?? "24h");
  const how = [distance, odds].filter((part) => part !== null).join(" — ");
  if (decision.reason === "health_factor") {
    const why = how ? `: ${how}` : "";
    // Never "1.30 is below … 1.30": more decimals where two would round up to the threshold.
    const below =
      reading.healthFactor !== null &&
      reading.healthFactor >= LIQUIDATION_HEALTH_FACTOR &&
      reading.healthFactor < threshold
        ? `health factor ${formatHealthFactorBelow(reading.healthFactor, threshold)}`
        : hf;
    return `Your ${below} is below your alert threshold ${threshold.toFixed(2)}${why}. Repay debt or add collateral.`;
  }
  return `Liquidation is getting likely${how ? `: ${how}` : ""} (${hf}). Repay debt or add collateral.`;
}
