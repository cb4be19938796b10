import type { FeatureName } from "../../shared/risk/features";
import type { PlattCalibration } from "../../shared/risk/model";

/**
 * The regime signal the calibration reads besides the logit: ETH's 24 h volatility against its 30-day level. Fitted
 * out of fold, its weight says how much more (or less) likely liquidation is, in a market that just woke up, than a
 * network trained on other years learnt — the crash regimes it did not see are where it under-forecasts.
 */
export const CALIBRATION_REGIME_FEATURE: FeatureName = "logMarketVolRatio";

/**
 * Platt scaling: fits p = σ(a·z + b [+ w·x]) to labels by Newton's method on the log loss (2 or 3 parameters,
 * convex). Uses Platt's target smoothing ((k+1)/(k+2), 1/(n+2)) so a separable set cannot push a to infinity.
 * With `regime`, x is that feature's raw value per example (`values`, aligned with the logits).
 */
export function fitPlatt(
  logits: readonly number[],
  labels: readonly number[],
  regime?: { feature: FeatureName; values: readonly number[] },
): PlattCalibration {
  const positives = labels.filter((y) => y === 1).length;
  const negatives = labels.length - positives;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  const target = labels.map((y) => (y === 1 ? hi : lo));
  const size = regime ? 3 : 2;
  const inputs = (i: number) => (regime ? [logits[i]!, 1, regime.values[i]!] : [logits[i]!, 1]);
  const w = regime ? [1, 0, 0] : [1, 0];
  for (let iter = 0; iter < 100; iter++) {
    const gradient = new Array<number>(size).fill(0);
    const hessian = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    for (let i = 0; i < logits.length; i++) {
      const x = inputs(i);
      let s = 0;
      for (let j = 0; j < size; j++) s += w[j]! * x[j]!;
      const p = 1 / (1 + Math.exp(-s));
      const d = p - target[i]!;
      const curvature = Math.max(p * (1 - p), 1e-12);
      for (let j = 0; j < size; j++) {
        gradient[j]! += d * x[j]!;
        for (let k = 0; k < size; k++) hessian[j]![k]! += curvature * x[j]! * x[k]!;
      }
    }
    const step = solve(hessian, gradient);
    if (!step) break;
    for (let j = 0; j < size; j++) w[j]! -= step[j]!;
    if (step.reduce((sum, v) => sum + Math.abs(v), 0) < 1e-10) break;
  }
  const [a, b, weight] = w as [number, number, number | undefined];
  return regime && weight !== undefined ? { a, b, regime: { feature: regime.feature, weight } } : { a, b };
}

/** Solves m·x = v by Gaussian elimination with partial pivoting; null when m is (near) singular. */
function solve(m: number[][], v: number[]): number[] | null {
  const n = v.length;
  const rows = m.map((row, i) => [...row, v[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(rows[r]![c]!) > Math.abs(rows[pivot]![c]!)) pivot = r;
    [rows[c], rows[pivot]] = [rows[pivot]!, rows[c]!];
    const head = rows[c]![c]!;
    if (!(Math.abs(head) > 1e-12)) return null;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const factor = rows[r]![c]! / head;
      for (let k = c; k <= n; k++) rows[r]![k]! -= factor * rows[c]![k]!;
    }
  }
  return rows.map((row, i) => row[n]! / row[i]!);
}
