import type { BacktestRun, BacktestSummary, BacktestWindowResult } from "../../../shared/schemas/backtest";

/** HF above this is drawn at the top: what matters is the way down to 1. */
export const HF_CHART_CAP = 3;

export interface BacktestChartRow {
  at: number;
  without: number | null;
  with: number | null;
}

export interface BacktestMarker {
  at: number;
  healthFactor: number;
  kind: "proposal" | "liquidation";
  run: "with" | "without";
  message: string;
}

const cap = (hf: number | null) => (hf === null ? null : Math.min(hf, HF_CHART_CAP));

/** Both runs' HF on one time axis (their downsampled points need not share times; the lines connect across). */
export function chartRows(
  result: Pick<BacktestWindowResult, "withRule" | "withoutRule">,
): BacktestChartRow[] {
  const rows = new Map<number, BacktestChartRow>();
  const add = (run: BacktestRun, key: "with" | "without") => {
    for (const point of run.series) {
      const at = Date.parse(point.at);
      const row = rows.get(at) ?? { at, without: null, with: null };
      row[key] = cap(point.healthFactor);
      rows.set(at, row);
    }
  };
  add(result.withoutRule, "without");
  add(result.withRule, "with");
  return [...rows.values()].sort((a, b) => a.at - b.at);
}

/** Where the rule proposed and where liquidation happened, at the HF each saw. */
export function chartMarkers(
  result: Pick<BacktestWindowResult, "withRule" | "withoutRule">,
): BacktestMarker[] {
  const of = (run: BacktestRun, which: "with" | "without") =>
    run.events.flatMap((e): BacktestMarker[] => {
      if (e.type !== "proposal" && e.type !== "liquidation") return [];
      const hf = e.type === "liquidation" ? (e.healthFactorBefore ?? e.healthFactor) : e.healthFactor;
      if (hf === null || hf === undefined) return [];
      return [
        {
          at: Date.parse(e.at),
          healthFactor: Math.min(hf, HF_CHART_CAP),
          kind: e.type,
          run: which,
          message: e.message,
        },
      ];
    });
  return [...of(result.withoutRule, "without"), ...of(result.withRule, "with")];
}

const usd = (value: number) => `$${Math.round(value).toLocaleString("en-US")}`;

/** The summary as rows of [what, without the rule, with it]. */
export function summaryRows(without: BacktestSummary, withRule: BacktestSummary): [string, string, string][] {
  const row = (label: string, pick: (s: BacktestSummary) => string): [string, string, string] => [
    label,
    pick(without),
    pick(withRule),
  ];
  return [
    row("Liquidations", (s) => String(s.liquidations)),
    row("Collateral seized", (s) => usd(s.collateralSeizedUsd)),
    row("Lost to the bonus", (s) => usd(s.bonusLostUsd)),
    row("Lowest health factor", (s) => (s.minHealthFactor === null ? "–" : s.minHealthFactor.toFixed(2))),
    row("Proposals", (s) => String(s.proposals)),
    row("Gas spent", (s) => `$${s.gasSpentUsd.toFixed(2)}`),
    row("Value at the end", (s) => usd(s.endValueUsd)),
  ];
}
