/** Summary statistics for benchmark samples. Pure functions: unit-tested in stats.test.ts. */

function sorted(samples: readonly number[]): number[] {
  if (samples.length === 0) throw new Error("no samples");
  if (samples.some((x) => !Number.isFinite(x))) throw new Error("samples must be finite numbers");
  return [...samples].sort((a, b) => a - b);
}

/**
 * The p-th percentile (0–100) by linear interpolation between closest ranks (the "R-7" / Excel PERCENTILE.INC
 * definition): p50 of an even count is the mean of the two middle values, p100 is the maximum.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile must be in 0..100, got ${p}`);
  const xs = sorted(samples);
  const rank = (p / 100) * (xs.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const low = xs[lo] as number;
  const high = xs[hi] as number;
  return low + (high - low) * (rank - lo);
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  const xs = sorted(samples);
  return {
    n: xs.length,
    min: xs[0] as number,
    p50: percentile(xs, 50),
    p95: percentile(xs, 95),
    p99: percentile(xs, 99),
    max: xs[xs.length - 1] as number,
  };
}

/** Rounds for display and JSON: 3 significant decimals below 10, 1 decimal below 1000, integers above. */
export function round(x: number): number {
  const abs = Math.abs(x);
  if (abs >= 1000) return Math.round(x);
  if (abs >= 10) return Math.round(x * 10) / 10;
  return Math.round(x * 1000) / 1000;
}
