/** Probability scores are clipped to [EPS, 1−EPS] for log loss so one confident miss is costly but finite. */
export const EPS = 1e-6;

export interface Scores {
  brier: number;
  logLoss: number;
  auc: number;
  ece: number;
}

export function brier(p: readonly number[], y: readonly number[]): number {
  return p.reduce((s, pi, i) => s + (pi - y[i]!) ** 2, 0) / p.length;
}

export function logLoss(p: readonly number[], y: readonly number[]): number {
  return (
    -p.reduce((s, pi, i) => {
      const q = Math.min(1 - EPS, Math.max(EPS, pi));
      return s + (y[i]! === 1 ? Math.log(q) : Math.log(1 - q));
    }, 0) / p.length
  );
}

/** ROC AUC by the rank-sum (Mann–Whitney) statistic with average ranks for ties; 0.5 when one class is absent. */
export function auc(p: readonly number[], y: readonly number[]): number {
  const order = p.map((_, i) => i).sort((a, b) => p[a]! - p[b]!);
  const ranks = new Array<number>(p.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && p[order[j + 1]!] === p[order[i]!]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const positives = y.filter((v) => v === 1).length;
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  const rankSum = y.reduce((s, v, i) => s + (v === 1 ? ranks[i]! : 0), 0);
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

export function reliabilityBins(p: readonly number[], y: readonly number[], bins = 10): ReliabilityBin[] {
  const out = Array.from({ length: bins }, (_, b) => ({
    lo: b / bins,
    hi: (b + 1) / bins,
    count: 0,
    sumP: 0,
    sumY: 0,
  }));
  p.forEach((pi, i) => {
    const bin = out[Math.min(bins - 1, Math.floor(pi * bins))]!;
    bin.count++;
    bin.sumP += pi;
    bin.sumY += y[i]!;
  });
  return out.map(({ lo, hi, count, sumP, sumY }) => ({
    lo,
    hi,
    count,
    meanPredicted: count ? sumP / count : 0,
    observedRate: count ? sumY / count : 0,
  }));
}

/** Expected calibration error over 10 equal-width bins, weighted by bin size. */
export function ece(p: readonly number[], y: readonly number[]): number {
  return reliabilityBins(p, y).reduce(
    (s, b) => s + (b.count / p.length) * Math.abs(b.meanPredicted - b.observedRate),
    0,
  );
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;

export function scores(p: readonly number[], y: readonly number[]): Scores {
  return {
    brier: round(brier(p, y)),
    logLoss: round(logLoss(p, y)),
    auc: round(auc(p, y)),
    ece: round(ece(p, y)),
  };
}
