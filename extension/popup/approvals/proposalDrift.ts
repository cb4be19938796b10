import type { TransactionPreview } from "../../../shared/schemas/transactions";
import { formatAge, formatHealthFactor } from "../../ui/format";

/**
 * A move of the health factor smaller than this since the proposal was worked out is not worth a line. Small on
 * purpose: the devnet liquidation halved the debt but moved HF only 1.05 → 1.03.
 */
export const HEALTH_FACTOR_DRIFT = 0.01;

/**
 * What changed since a proposal's figures were worked out: its "HF 1.05 → 1.60" is a claim from then, and after a
 * price move or a liquidation the dashboard above it shows another health factor. Null while they still agree.
 * The approval page re-simulates before anything is signed; this only keeps the two screens from contradicting.
 */
export function proposalDrift(
  preview: Pick<TransactionPreview, "healthFactor" | "simulation">,
  currentHealthFactor: number | null,
  now: number,
): string | null {
  const then = preview.healthFactor.before;
  if (then === null || currentHealthFactor === null) return null;
  const crossedOne = then < 1 !== currentHealthFactor < 1;
  if (!crossedOne && Math.abs(currentHealthFactor - then) < HEALTH_FACTOR_DRIFT) return null;
  const age = formatAge(now - Date.parse(preview.simulation.simulatedAt));
  const nowWords =
    currentHealthFactor < 1
      ? "your position is now liquidatable (health factor below 1)"
      : `your health factor is now ${formatHealthFactor(currentHealthFactor)}`;
  return `Worked out ${age} at HF ${formatHealthFactor(then)}; ${nowWords}. Vigil simulates it again before you sign.`;
}
