import { writeFileSync } from "node:fs";
import { round } from "./stats";

/** One measured metric: ours beside the alternative measured in the same run. */
export interface Metric {
  value: number;
  unit: string;
  alternative: { name: string; value: number } | null;
  /** alternative / value, so > 1 means ours is smaller (fewer calls, fewer ms, fewer bytes). */
  ratio?: number;
  runs: number;
  notes: string;
}

/** A metric that could not be measured in this run, and why (never a made-up number). */
export interface NotMeasured {
  notMeasured: string;
}

export type Results = Record<string, Metric | NotMeasured>;

export function metric(
  m: Omit<Metric, "ratio" | "value" | "alternative"> & {
    value: number;
    alternative?: { name: string; value: number } | null;
    /** Set false where a ratio means nothing (e.g. requests/s against a no-op route). */
    withRatio?: boolean;
  },
): Metric {
  const alternative = m.alternative ? { name: m.alternative.name, value: round(m.alternative.value) } : null;
  const out: Metric = { value: round(m.value), unit: m.unit, alternative, runs: m.runs, notes: m.notes };
  if (alternative && m.withRatio !== false && m.value > 0) out.ratio = round(alternative.value / m.value);
  return out;
}

export function isMeasured(entry: Metric | NotMeasured): entry is Metric {
  return "value" in entry;
}

export function writeResults(path: string, results: Results, machine: Record<string, unknown>): void {
  writeFileSync(path, `${JSON.stringify({ machine, ...results }, null, 2)}\n`);
}

/** A Markdown table (readable on stdout, pasted as is into the README). */
export function formatTable(results: Results): string {
  const rows = [
    "| metric | Vigil | unit | alternative | alternative value | ratio | runs |",
    "| --- | ---: | --- | --- | ---: | ---: | ---: |",
  ];
  for (const [key, entry] of Object.entries(results)) {
    if (!isMeasured(entry)) {
      rows.push(`| ${key} | not measured | | ${entry.notMeasured} | | | |`);
      continue;
    }
    const alt = entry.alternative;
    rows.push(
      `| ${key} | ${entry.value} | ${entry.unit} | ${alt?.name ?? ""} | ${alt?.value ?? ""} | ${
        entry.ratio === undefined ? "" : `${entry.ratio}×`
      } | ${entry.runs} |`,
    );
  }
  return rows.join("\n");
}
