// `npm run backtest -- --rule rule.json --position position.json --from 2022-06-01 --to 2022-06-30`
// (or `--window june_2022`, repeatable; `--sign-delay 10`, `--gas-gwei 30`, `--svg out.svg`, `--prices DIR`).
// Replays the position through the window's real hourly moves without and with the rule, prints the summary and
// writes the health-factor chart as SVG, with the same engine the API uses.
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { PricesDirNotFoundError, resolvePricesDir } from "../../shared/prices/pricesDir.node.js";
import {
  type BacktestSummary,
  backtestPositionSchema,
  backtestRequestSchema,
} from "../../shared/schemas/backtest";
import { ruleCreateSchema } from "../../shared/schemas/rules";
import { MissingPriceDataError, UnpricedAssetError } from "../../worker/backtest/pricePath";
import { runBacktest } from "../../worker/backtest/runBacktest";
import { chartSvg } from "./chartSvg";
import { dirCandleSource } from "./dirCandleSource";

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${what} ${path}: ${(error as Error).message}`);
  }
}

function fail(message: string): never {
  console.error(`backtest: ${message}`);
  process.exit(2);
}

function row(label: string, summary: BacktestSummary): string {
  const cells = [
    `${summary.proposals} proposals`,
    `${summary.executed} executed`,
    `${summary.liquidations} liquidations`,
    `$${summary.collateralSeizedUsd.toLocaleString("en-US")} seized ($${summary.bonusLostUsd.toLocaleString("en-US")} bonus)`,
    `min HF ${summary.minHealthFactor?.toFixed(3) ?? "–"}`,
    `gas $${summary.gasSpentUsd.toFixed(2)}`,
    `end $${summary.endValueUsd.toLocaleString("en-US")}`,
  ];
  return `  ${label.padEnd(15)}${cells.join(" · ")}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rule: { type: "string" },
      position: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      window: { type: "string", multiple: true },
      "sign-delay": { type: "string" },
      "gas-gwei": { type: "string" },
      svg: { type: "string" },
      prices: { type: "string" },
    },
  });
  if (!values.rule || !values.position) fail("--rule FILE and --position FILE are required");
  const windows = [
    ...(values.from || values.to ? [{ from: values.from, to: values.to }] : []),
    ...(values.window ?? []).map((name) => ({ name })),
  ];
  const parsed = backtestRequestSchema.safeParse({
    rule: readJson(values.rule, "--rule"),
    windows,
    position: readJson(values.position, "--position"),
    signDelayMinutes: values["sign-delay"] === undefined ? undefined : Number(values["sign-delay"]),
    gasPriceGwei: values["gas-gwei"] === undefined ? undefined : Number(values["gas-gwei"]),
  });
  if (!parsed.success) fail(z.prettifyError(parsed.error));
  const request = parsed.data;
  const rule = ruleCreateSchema.parse(request.rule);
  const position = backtestPositionSchema.parse(request.position);
  let dir: string;
  try {
    dir = resolvePricesDir({ cliDir: values.prices });
  } catch (error) {
    if (error instanceof PricesDirNotFoundError) fail(error.message);
    throw error;
  }
  let result: Awaited<ReturnType<typeof runBacktest>>;
  try {
    result = await runBacktest({
      rule,
      position,
      windows: request.windows,
      signDelayMinutes: request.signDelayMinutes,
      gasPriceGwei: request.gasPriceGwei,
      source: dirCandleSource(dir),
      now: Math.floor(Date.now() / 1000),
    });
  } catch (error) {
    if (error instanceof MissingPriceDataError || error instanceof UnpricedAssetError) fail(error.message);
    throw error;
  }
  const trigger = rule.trigger.type === "health_factor_below" ? rule.trigger.value : null;
  for (const [i, window] of result.windows.entries()) {
    console.log(`\n${window.from.slice(0, 16)} → ${window.to.slice(0, 16)} (${window.hours} hours)`);
    console.log(row("without rule", window.withoutRule.summary));
    console.log(row("with rule", window.withRule.summary));
    console.log(`  ${window.verdict}`);
    for (const note of window.notes) console.log(`  note: ${note}`);
    const svgPath =
      values.svg === undefined
        ? `backtest-${window.from.slice(0, 10)}.svg`
        : result.windows.length === 1
          ? values.svg
          : values.svg.replace(/(\.svg)?$/, `-${i + 1}.svg`);
    writeFileSync(svgPath, chartSvg(window, trigger));
    console.log(`  chart: ${svgPath}`);
  }
  console.log("\nAssumptions:");
  for (const line of result.assumptions) console.log(`  - ${line}`);
}

await main();
