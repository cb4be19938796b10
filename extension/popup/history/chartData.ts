import type { PortfolioHistoryPoint } from "../../../shared/schemas/portfolio";
import type { Transaction } from "../../../shared/schemas/transactions";
import { HEALTH_FACTOR_SAFE_FROM, HEALTH_FACTOR_WARNING_FROM } from "../../../shared/words/healthFactorBand";
import { formatSignedUsd } from "../../ui/format";

export type HistoryRange = "24h" | "7d" | "30d";

export interface ChartPoint {
  takenAt: number;
  netValueUsd: number;
  collateralUsd: number;
  debtUsd: number;
  /** Capped at HF_CHART_CAP so one no-debt spike does not flatten the interesting part; null = no debt. */
  healthFactor: number | null;
}

/** Above this a health factor is simply "very safe"; the chart shows it at the cap. */
export const HF_CHART_CAP = 5;

/**
 * Straight lines between samples: history is sampled when Vigil checks, often sparsely, and a smoothed curve
 * would draw highs and lows that never happened between two points.
 */
export const HISTORY_CURVE = "linear" as const;

export function toChartPoints(points: readonly PortfolioHistoryPoint[]): ChartPoint[] {
  return [...points]
    .sort((a, b) => a.takenAt - b.takenAt)
    .map((point) => ({
      takenAt: point.takenAt,
      netValueUsd: point.netValueUsd,
      collateralUsd: point.collateralUsd,
      debtUsd: point.debtUsd,
      healthFactor: point.healthFactor === null ? null : Math.min(point.healthFactor, HF_CHART_CAP),
    }));
}

/** The HF axis: always shows 1 (liquidation) and the orange line, with a little room above the data. */
export function healthFactorDomain(points: readonly ChartPoint[]): [number, number] {
  const values = points.flatMap((point) => (point.healthFactor === null ? [] : [point.healthFactor]));
  if (values.length === 0) return [1, HEALTH_FACTOR_SAFE_FROM];
  const low = Math.min(1, ...values);
  const high = Math.max(HEALTH_FACTOR_WARNING_FROM + 0.2, ...values);
  return [Math.floor(low * 10) / 10, Math.min(HF_CHART_CAP, Math.ceil(high * 1.1 * 10) / 10)];
}

const clock = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", ...options });
const withSeconds = clock({ second: "2-digit" });
const hourMinute = clock({});
const dayHour = clock({ month: "short", day: "numeric" });
const monthDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric" });

/**
 * Axis labels fitted to the time the points actually span (a new account's "30d" may hold ten minutes):
 * seconds under 15 minutes, clock time under a day, day and hour under three days, dates beyond.
 */
export function timeTickFormatter(points: readonly ChartPoint[]): (takenAt: number) => string {
  const span = points.length > 1 ? (points[points.length - 1]?.takenAt ?? 0) - (points[0]?.takenAt ?? 0) : 0;
  const format =
    span < 15 * 60_000
      ? withSeconds
      : span < 86_400_000
        ? hourMinute
        : span < 3 * 86_400_000
          ? dayHour
          : monthDay;
  return (takenAt) => format.format(takenAt);
}

/** A round tick step (1, 2 or 5 × a power of ten) giving about four ticks over `span`. */
function niceStep(span: number): number {
  const raw = span / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const n = raw / magnitude;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * magnitude;
}

/**
 * The net-worth axis hugs the data (a 2 % move must be visible), with a little room either side, and ends on
 * round numbers so its ticks read "$11K, $11.5K…" rather than "$11,084".
 */
export function valueDomain(points: readonly ChartPoint[]): [number, number] {
  if (points.length === 0) return [0, 1];
  const values = points.map((point) => point.netValueUsd);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = Math.max((high - low) * 0.15, Math.abs(high) * 0.01, 1);
  const step = niceStep(high - low + 2 * pad);
  return [Math.floor((low - pad) / step) * step, Math.ceil((high + pad) / step) * step];
}

/** Below this a starting net worth is dust: a percentage of it would read "+48,000 %". */
const PERCENT_FROM_USD = 1;

/** The change in net worth over the range, for the headline above the chart ("+$120 (2.1 %)"). */
export function valueChange(points: readonly ChartPoint[]): { usd: number; fraction: number | null } | null {
  if (points.length < 2) return null;
  const first = points[0]?.netValueUsd ?? 0;
  const last = points[points.length - 1]?.netValueUsd ?? 0;
  return {
    usd: last - first,
    fraction: Math.abs(first) < PERCENT_FROM_USD ? null : (last - first) / Math.abs(first),
  };
}

/**
 * A change as a percentage a person reads, signed like the amount beside it: "+2.1 %", "−35 %", "−0.04 %",
 * "+< 0.01 %" for a move too small to print (never "0.00 %", never a drop without its minus).
 */
export function formatChangePercent(fraction: number): string {
  const percent = Math.abs(fraction) * 100;
  if (percent === 0) return "0 %";
  const sign = fraction < 0 ? "−" : "+";
  if (percent < 0.01) return `${sign}< 0.01 %`;
  const size =
    percent < 0.1
      ? percent.toFixed(2)
      : percent < 10
        ? percent.toFixed(1)
        : Math.round(percent).toLocaleString("en-US");
  return `${sign}${size} %`;
}

/** The headline above the chart: "−$32,743.62 (−92 %)", the amount and the percentage both signed. */
export function valueChangeText(change: { usd: number; fraction: number | null }): string {
  const amount = formatSignedUsd(change.usd);
  return change.fraction === null ? amount : `${amount} (${formatChangePercent(change.fraction)})`;
}

export interface TransactionMark {
  at: number;
  title: string;
}

/**
 * The user's own confirmed transactions inside the charted span, oldest first: marked on the chart so a
 * repay or a supply that moves the lines is seen as the user's doing, not the market's.
 */
export function transactionMarks(
  transactions: readonly Transaction[],
  points: readonly ChartPoint[],
): TransactionMark[] {
  const first = points[0]?.takenAt;
  const last = points[points.length - 1]?.takenAt;
  if (first === undefined || last === undefined) return [];
  return transactions
    .filter((tx) => tx.status === "confirmed")
    .map((tx) => ({ at: Date.parse(tx.updatedAt), title: tx.title }))
    .filter((mark) => mark.at >= first && mark.at <= last)
    .sort((a, b) => a.at - b.at);
}
