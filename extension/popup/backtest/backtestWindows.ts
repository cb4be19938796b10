import type { BacktestWindow, NamedWindow } from "../../../shared/schemas/backtest";

/** The windows the popup offers, most recent first: the last 30 days replay the chain's own oracle history. */
export const POPUP_WINDOWS: { name: NamedWindow; label: string }[] = [
  { name: "last_30_days", label: "Last 30 days" },
  { name: "last_90_days", label: "Last 90 days" },
  { name: "last_365_days", label: "Last 365 days" },
  { name: "june_2022", label: "June 2022" },
  { name: "november_2022", label: "November 2022" },
  { name: "may_2021", label: "May 2021" },
  { name: "march_2020", label: "March 2020" },
];

/** The request's windows: the ticked ones in the list's order, then the date range when both ends are set. */
export function requestedWindows(
  selected: ReadonlySet<NamedWindow>,
  range: { from: string; to: string },
): BacktestWindow[] {
  const named = POPUP_WINDOWS.filter((w) => selected.has(w.name)).map((w) => ({ name: w.name }));
  return range.from && range.to ? [...named, { from: range.from, to: range.to }] : named;
}
