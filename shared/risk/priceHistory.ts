import type { PriceFeed } from "./assets";

/**
 * One observed USD price of a feed. Two shapes are accepted, and they mean the same thing to the features:
 * - a single oracle round: `price` is the answer, `time` when it was published (no low/high);
 * - an hourly row: `price` is the answer standing at the hour's end `time`, and the optional `low`/`high` are the
 *   lowest/highest answers that stood at any moment of the hour ending at `time` (the answer carried in from the
 *   previous hour included). Training builds these rows from an oracle simulated on exchange candles
 *   (ml/data/oracleSim.ts); the worker stores them from the feeds' own rounds.
 * Without low/high a row counts as one round: the hour's range is then spanned by the answers seen.
 */
export interface PricePoint {
  time: number;
  price: number;
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
  return sampleHourlyBars(points, asOf, hours, maxStaleSeconds).close;
}

/** The hourly grid of {@link sampleHourlyGrid} with each hour's range: index k is the hour ending at asOf − k·1h. */
export interface HourlyBars {
  close: Float64Array;
  /** Lowest answer standing during hour k (the answer carried in at its start included); NaN where close is. */
  low: Float64Array;
  high: Float64Array;
}

/**
 * Closes, lows and highs on the hourly grid ending at asOf. An hour's low/high take the answer standing at its
 * start, every point published inside it and those points' own low/high, so raw rounds and hourly rows give the
 * same bars. Only points with time ≤ asOf are read.
 */
export function sampleHourlyBars(
  points: readonly PricePoint[],
  asOf: number,
  hours: number,
  maxStaleSeconds = 6 * 3600,
): HourlyBars {
  const close = new Float64Array(hours + 1).fill(Number.NaN);
  const low = new Float64Array(hours + 1).fill(Number.NaN);
  const high = new Float64Array(hours + 1).fill(Number.NaN);
  let p = lastIndexAtOrBefore(points, asOf);
  for (let k = 0; k <= hours && p >= 0; k++) {
    const t = asOf - k * 3600;
    while (p >= 0 && points[p]!.time > t) p--;
    if (p < 0) break;
    const point = points[p]!;
    if (t - point.time > maxStaleSeconds) continue;
    close[k] = point.price;
    // Walk the points inside (t − 1h, t], then include the one standing at t − 1h.
    let lo = point.price;
    let hi = point.price;
    for (let q = p; q >= 0; q--) {
      const inside = points[q]!;
      if (inside.time <= t - 3600) {
        // The answer carried in: its price stood during this hour, its own range belongs to the hour before.
        lo = Math.min(lo, inside.price);
        hi = Math.max(hi, inside.price);
        break;
      }
      lo = Math.min(lo, inside.price, inside.low ?? inside.price);
      hi = Math.max(hi, inside.price, inside.high ?? inside.price);
    }
    low[k] = lo;
    high[k] = hi;
  }
  return { close, low, high };
}

/** The history as it stood at `asOf`: later points are cut off (callers that must prove no look-ahead use it). */
export function historyAsOf(history: PriceHistory, asOf: number): PriceHistory {
  const cut: PriceHistory = {};
  for (const [feed, points] of Object.entries(history) as [PriceFeed, readonly PricePoint[] | undefined][]) {
    if (points) cut[feed] = points.slice(0, lastIndexAtOrBefore(points, asOf) + 1);
  }
  return cut;
}
