import type { BacktestWindow, NamedWindow } from "../../shared/schemas/backtest";

/** The crashes users remember, each as the calendar month it happened in (UTC). */
export const NAMED_CRASHES: Record<
  Exclude<NamedWindow, `last_${string}`>,
  { from: string; to: string; label: string }
> = {
  march_2020: { from: "2020-03-01", to: "2020-04-01", label: "March 2020" },
  may_2021: { from: "2021-05-01", to: "2021-06-01", label: "May 2021" },
  june_2022: { from: "2022-06-01", to: "2022-07-01", label: "June 2022" },
  november_2022: { from: "2022-11-01", to: "2022-12-01", label: "November 2022" },
  august_2024: { from: "2024-08-01", to: "2024-09-01", label: "August 2024" },
};

const ROLLING_DAYS = { last_30_days: 30, last_90_days: 90, last_365_days: 365 } as const;

export interface ResolvedWindow {
  name: NamedWindow | null;
  label: string;
  /** Unix seconds, whole hours. */
  from: number;
  to: number;
  /** Set when a rolling window had to end where the data ends, not today. */
  note: string | null;
}

const HOUR = 3600;
const floorHour = (seconds: number) => Math.floor(seconds / HOUR) * HOUR;
const seconds = (date: string) =>
  Math.floor(Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date) / 1000);
const day = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);

/**
 * A request's window as hours. Rolling windows count back from now, or from where the price data ends when it
 * ends earlier (said in `note`), so "the last 90 days" always has data to replay.
 */
export function resolveWindow(window: BacktestWindow, now: number, dataEnd: number | null): ResolvedWindow {
  if ("from" in window) {
    const from = floorHour(seconds(window.from));
    const to = floorHour(seconds(window.to));
    return { name: null, label: `${day(from)} – ${day(to)}`, from, to, note: null };
  }
  const name = window.name;
  if (name === "last_30_days" || name === "last_90_days" || name === "last_365_days") {
    const days = ROLLING_DAYS[name];
    const today = floorHour(now);
    const end = dataEnd !== null && dataEnd < today ? floorHour(dataEnd) : today;
    const note =
      end < today
        ? `the price data ends on ${day(end)}: the last ${days} days are counted back from there, not from today`
        : null;
    return { name, label: `the last ${days} days`, from: end - days * 86_400, to: end, note };
  }
  const crash = NAMED_CRASHES[name];
  return { name, label: crash.label, from: seconds(crash.from), to: seconds(crash.to), note: null };
}
