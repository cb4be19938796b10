import type { PriceFeed } from "./assets";

/** One observed USD price. For hourly candles: the close, stamped at the candle's close time (open + 1 h). */
export interface PricePoint {
  time: number;
  price: number;
  /** For an hourly bar: the lowest and highest price within the hour, when the source knows them. */
  low?: number;
  high?: number;
}

/** Price history per feed, each ascending by time. May extend past `asOf`: readers must ignore what lies after. */
export type PriceHistory = Partial<Record<PriceFeed, readonly PricePoint[]>>;

/** Index of the last point with time ≤ t, or -1. Binary search: histories run to tens of thousands of points. */
export function lastIndexAtOrBefore(points: readonly PricePoint[], t: number): number {
  let lo = 0;
  let hi = points.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.time <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Samples a feed on the hourly grid asOf, asOf−1h, …, asOf−hours·1h (index 0 = asOf), each value the last price
 * at or before that grid time. Entries are NaN where there is no price at or before the grid time, or the last
 * one is older than `maxStaleSeconds` (a gap in the record: no volatility is invented across it).
 * Only points with time ≤ asOf are ever read.
 */
export function sampleHourlyGrid(
  points: readonly PricePoint[],
  asOf: number,
  hours: number,
  maxStaleSeconds = 6 * 3600,
): Float64Array {
  const grid = new Float64Array(hours + 1).fill(Number.NaN);
  let p = lastIndexAtOrBefore(points, asOf);
  for (let k = 0; k <= hours && p >= 0; k++) {
    const t = asOf - k * 3600;
    while (p >= 0 && points[p]!.time > t) p--;
    if (p < 0) break;
    const point = points[p]!;
    if (t - point.time <= maxStaleSeconds) grid[k] = point.price;
  }
  return grid;
}

/** The history as it stood at `asOf`: later points are cut off (callers that must prove no look-ahead use it). */
export function historyAsOf(history: PriceHistory, asOf: number): PriceHistory {
  const cut: PriceHistory = {};
  for (const [feed, points] of Object.entries(history) as [PriceFeed, readonly PricePoint[] | undefined][]) {
    if (points) cut[feed] = points.slice(0, lastIndexAtOrBefore(points, asOf) + 1);
  }
  return cut;
}
