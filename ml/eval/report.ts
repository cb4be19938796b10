import type { LoadedRiskModel, RiskHorizonHours } from "../../shared/risk/model";
import { generateExamples } from "../data/examples";
import type { MarketData } from "../data/market";
import { CRASH_WINDOWS, TRAINING, VALIDATION } from "../train/split";
import { type Comparison, compare } from "./compare";
import { gbmForecaster, type LeadTimeResult, liquidationLeadTimes, modelForecaster } from "./leadTime";

export interface ReportRow extends Comparison {
  period: string;
  horizon: "24h" | "7d";
  /** True when the period lies inside the training period (an in-sample number). */
  inTraining: boolean;
}

export interface Report {
  rows: ReportRow[];
  /** The model's warnings, and GBM's on the same positions (same seed) for comparison. */
  leadTime6h: (LeadTimeResult & { period: string; inTraining: boolean; gbm: LeadTimeResult })[];
}

/**
 * The shipped model against both baselines on the validation period and on each crash window, per horizon, and the
 * share of crash liquidations it warned of 6 h ahead: "high" then, the risk alert open then, and the alert raised by
 * then. Deterministic for a seed.
 */
export function buildReport(options: {
  market: MarketData;
  model: LoadedRiskModel;
  seed: number;
  count: number;
}): Report {
  const { market, model, seed, count } = options;
  const trainedOn = model.meta.trainedOn ?? TRAINING;
  const inTraining = (from: number) => trainedOn.some((r) => from >= r.from && from < r.to);
  const rows: ReportRow[] = [];
  const periods = [
    { name: "validation 2022-05-01 → 2022-12-31", from: VALIDATION.from, to: VALIDATION.to, count },
    ...CRASH_WINDOWS.map((w) => ({ ...w, count: Math.ceil(count / 2) })),
  ];
  for (const [h, horizon] of ([24, 168] as RiskHorizonHours[]).entries()) {
    periods.forEach((p, i) => {
      // A crash window's label windows may run past its end: the window is about forecasts made during it.
      const to = p.name.startsWith("validation") ? p.to : p.to + horizon * 3600;
      const examples = generateExamples({
        market,
        ranges: [{ from: p.from, to }],
        horizonHours: horizon,
        count: p.count,
        seed: seed * 100 + 10 * i + h,
      });
      rows.push({
        period: p.name,
        horizon: horizon === 24 ? "24h" : "7d",
        inTraining: inTraining(p.from),
        ...compare(model, examples, horizon),
      });
    });
  }
  const leadTime6h = CRASH_WINDOWS.map((w, i) => ({
    period: w.name,
    inTraining: inTraining(w.from),
    ...liquidationLeadTimes({
      market,
      forecast: modelForecaster(model),
      window: w,
      count,
      seed: seed * 100 + 90 + i,
    }),
    gbm: liquidationLeadTimes({
      market,
      forecast: gbmForecaster,
      window: w,
      count,
      seed: seed * 100 + 90 + i,
    }),
  }));
  return { rows, leadTime6h };
}

const f = (x: number, digits = 4) => x.toFixed(digits);

/** The report as the Markdown tables docs/risk-model.md carries. */
export function reportMarkdown(report: Report): string {
  const lines = [
    "| period | horizon | n | base rate | Brier model / GBM / HF-only | Brier vs GBM | log loss model / GBM / HF-only | AUC model / GBM / HF-only | ECE model / GBM / HF-only |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of report.rows) {
    const gain = (1 - r.model.brier / r.gbm.brier) * 100;
    lines.push(
      `| ${r.period}${r.inTraining ? " (in training)" : ""} | ${r.horizon} | ${r.n} | ${f(r.baseRate, 3)} | ` +
        `${f(r.model.brier)} / ${f(r.gbm.brier)} / ${f(r.hfOnly.brier)} | ${gain >= 0 ? "−" : "+"}${Math.abs(gain).toFixed(1)} % | ` +
        `${f(r.model.logLoss)} / ${f(r.gbm.logLoss)} / ${f(r.hfOnly.logLoss)} | ` +
        `${f(r.model.auc, 3)} / ${f(r.gbm.auc, 3)} / ${f(r.hfOnly.auc, 3)} | ` +
        `${f(r.model.ece)} / ${f(r.gbm.ece)} / ${f(r.hfOnly.ece)} |`,
    );
  }
  lines.push(
    "",
    '| crash window | positions | liquidated | within 6 h of opening | "high" 6 h before the first touch | share | alert open 6 h before the first touch | share | alert first raised ≥ 6 h before the first touch (of them at the opening) | share | GBM\'s shares: "high" / alert open / raised ≥ 6 h before |',
    "|---|---|---|---|---|---|---|---|---|---|---|",
  );
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  for (const l of report.leadTime6h) {
    lines.push(
      `| ${l.period}${l.inTraining ? " (in training)" : ""} | ${l.positions} | ${l.liquidated} | ${l.tooSoon} | ` +
        `${l.warned} | ${pct(l.share)} | ${l.alerted} | ${pct(l.alertedShare)} | ` +
        `${l.raisedEarly} (${l.raisedAtOpening}) | ${pct(l.raisedEarlyShare)} | ` +
        `${pct(l.gbm.share)} / ${pct(l.gbm.alertedShare)} / ${pct(l.gbm.raisedEarlyShare)} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
