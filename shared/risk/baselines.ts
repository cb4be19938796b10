import { normalCdf } from "./normal";

/**
 * Zero-drift GBM first-passage probability of ln R falling by ln HF within T hours:
 * P = 2·Φ(−ln HF / (σ√T)), σ the hourly volatility of the collateral/debt value ratio. 1 when already HF ≤ 1.
 */
export function gbmFirstPassage(healthFactor: number, hourlyVol: number, horizonHours: number): number {
  if (!(healthFactor > 1)) return 1;
  const spread = hourlyVol * Math.sqrt(horizonHours);
  if (!(spread > 0)) return 0;
  return Math.min(1, 2 * normalCdf(-Math.log(healthFactor) / spread));
}

/** HF buckets of the HF-only baseline (lower edges; the last bucket is open-ended). */
export const HF_BUCKET_EDGES = [1, 1.02, 1.05, 1.1, 1.15, 1.2, 1.3, 1.4, 1.5, 1.7, 2, 2.5, 3] as const;

export function hfBucket(healthFactor: number): number {
  let bucket = 0;
  for (let i = 0; i < HF_BUCKET_EDGES.length; i++) if (healthFactor >= HF_BUCKET_EDGES[i]!) bucket = i;
  return bucket;
}

/** Empirical liquidation frequency per HF bucket, Jeffreys-smoothed ((k + ½)/(n + 1)) so no bucket says 0 or 1. */
export function fitHfOnly(healthFactors: readonly number[], labels: readonly number[]): number[] {
  const hits = new Array<number>(HF_BUCKET_EDGES.length).fill(0);
  const counts = new Array<number>(HF_BUCKET_EDGES.length).fill(0);
  healthFactors.forEach((hf, i) => {
    const b = hfBucket(hf);
    counts[b]!++;
    hits[b]! += labels[i]!;
  });
  return counts.map((n, b) => (hits[b]! + 0.5) / (n + 1));
}

export function predictHfOnly(table: readonly number[], healthFactor: number): number {
  return table[hfBucket(healthFactor)]!;
}
