import { describe, expect, it } from "vitest";
import type { BacktestRun, BacktestSummary } from "../../../shared/schemas/backtest";
import { chartMarkers, chartRows, summaryRows } from "./backtestChart";

const summary: BacktestSummary = {
  proposals: 0,
  executed: 0,
  skipped: 0,
  liquidations: 1,
  firstLiquidationAt: "2022-06-01T04:00:00.000Z",
  collateralSeizedUsd: 5250,
  bonusLostUsd: 250,
  minHealthFactor: 0.96,
  gasSpentUsd: 0,
  startValueUsd: 15_000,
  endValueUsd: 6975,
};
const run = (series: [string, number | null][], events: BacktestRun["events"] = []): BacktestRun => ({
  series: series.map(([at, healthFactor]) => ({ at, healthFactor })),
  events,
  summary,
});

describe("back-test chart data", () => {
  it("puts both runs on one time axis, capping HF at 3", () => {
    const rows = chartRows({
      withoutRule: run([
        ["2022-06-01T01:00:00.000Z", 1.6],
        ["2022-06-01T03:00:00.000Z", 1.2],
      ]),
      withRule: run([
        ["2022-06-01T01:00:00.000Z", 1.6],
        ["2022-06-01T02:00:00.000Z", 12],
      ]),
    });
    expect(rows).toEqual([
      { at: Date.parse("2022-06-01T01:00:00.000Z"), without: 1.6, with: 1.6 },
      { at: Date.parse("2022-06-01T02:00:00.000Z"), without: null, with: 3 },
      { at: Date.parse("2022-06-01T03:00:00.000Z"), without: 1.2, with: null },
    ]);
  });

  it("marks proposals at their HF and liquidations at the HF they were called at", () => {
    const markers = chartMarkers({
      withoutRule: run(
        [],
        [
          {
            at: "2022-06-01T04:00:00.000Z",
            type: "liquidation",
            message: "liquidated",
            healthFactor: 1.08,
            healthFactorBefore: 0.96,
          },
        ],
      ),
      withRule: run(
        [],
        [
          { at: "2022-06-01T04:00:00.000Z", type: "proposal", message: "proposed", healthFactor: 1.2 },
          { at: "2022-06-01T04:10:00.000Z", type: "executed", message: "repaid", healthFactor: 1.6 },
        ],
      ),
    });
    expect(markers.map((m) => [m.kind, m.run, m.healthFactor])).toEqual([
      ["liquidation", "without", 0.96],
      ["proposal", "with", 1.2],
    ]);
  });

  it("summarises without vs with in product words", () => {
    const rows = summaryRows(summary, { ...summary, liquidations: 0, gasSpentUsd: 10.35, endValueUsd: 7400 });
    expect(rows).toContainEqual(["Liquidations", "1", "0"]);
    expect(rows).toContainEqual(["Gas spent", "$0.00", "$10.35"]);
    expect(rows).toContainEqual(["Value at the end", "$6,975", "$7,400"]);
  });
});
