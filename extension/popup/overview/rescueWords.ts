import { RESCUE_MARGIN, RESCUE_MIN_TARGET } from "../../../shared/schemas/rescue";
import { formatHealthFactorBelow, LIQUIDATION_HEALTH_FACTOR } from "../../../shared/words/healthFactorText";

/** Below the alert with more decimals where two would round up to it ("1.299, your alert is at 1.30"). */
function healthFactorText(healthFactor: number | null, alertThreshold: number): string {
  if (healthFactor === null) return "—";
  return healthFactor < alertThreshold
    ? formatHealthFactorBelow(healthFactor, alertThreshold)
    : healthFactor.toFixed(2);
}

/**
 * The rescue card's lead: where the health factor is, where the alert is, where either step takes it. Below 1 it
 * says the position can be liquidated now ("Health factor Liquidatable" read as a broken sentence).
 */
export function rescueLead(healthFactor: number | null, alertThreshold: number, target: number): string {
  const where =
    healthFactor !== null && healthFactor < LIQUIDATION_HEALTH_FACTOR
      ? `Your position can be liquidated now (health factor below 1); your alert is at ${alertThreshold.toFixed(2)}.`
      : `Health factor ${healthFactorText(healthFactor, alertThreshold)}, your alert is at ${alertThreshold.toFixed(2)}.`;
  return `${where} Either step brings it to ${target.toFixed(2)} (your alert + ${RESCUE_MARGIN}, at least ${RESCUE_MIN_TARGET}). Vigil simulates it first; you sign it in your wallet on the next page.`;
}
