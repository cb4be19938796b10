import type { PlattCalibration } from "../../shared/risk/model";

/**
 * Platt scaling: fits p = σ(a·z + b) to labels by Newton's method on the log loss (2 parameters, convex).
 * Uses Platt's target smoothing ((k+1)/(k+2), 1/(n+2)) so a separable set cannot push a to infinity.
 */
export function fitPlatt(logits: readonly number[], labels: readonly number[]): PlattCalibration {
  const positives = labels.filter((y) => y === 1).length;
  const negatives = labels.length - positives;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  const target = labels.map((y) => (y === 1 ? hi : lo));
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    logits.forEach((z, i) => {
      const p = 1 / (1 + Math.exp(-(a * z + b)));
      const d = p - target[i]!;
      const w = Math.max(p * (1 - p), 1e-12);
      ga += d * z;
      gb += d;
      haa += w * z * z;
      hab += w * z;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    if (!(det > 1e-12)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}
