import { z } from "zod";
import { getJson } from "../lib/api";
import { metric, type Results } from "../lib/results";
import { median } from "../lib/stats";
import { syntheticYear, timeBacktestYear } from "../worker/backtestYear";
import type { SuiteContext } from "./context";

const timing = z.object({ ms: z.number(), proposals: z.number(), liquidations: z.number() });
const RUNS = 7;

/**
 * A 365-day back-test window (8,760 hours replayed twice: without and with a repay rule) timed inside workerd
 * (GET /__bench/backtest: performance.now() around the replays in the isolate), beside the same code in Node.
 */
export async function backtestSuite(ctx: SuiteContext): Promise<Results> {
  const inWorker: number[] = [];
  let shape = { proposals: 0, liquidations: 0 };
  await getJson(ctx.stack.apiUrl, "/__bench/backtest"); // warm the isolate
  for (let run = 0; run < RUNS; run++) {
    const result = timing.parse(await getJson(ctx.stack.apiUrl, "/__bench/backtest"));
    inWorker.push(result.ms);
    shape = result;
  }
  const path = syntheticYear();
  timeBacktestYear(path);
  const inNode: number[] = [];
  for (let run = 0; run < RUNS; run++) inNode.push(timeBacktestYear(path).ms);
  return {
    "backtest.msPerSimulatedYear": metric({
      value: median(inWorker),
      unit: "ms per simulated year (both runs)",
      alternative: { name: "same replay in Node 22 (tsx)", value: median(inNode) },
      runs: RUNS,
      withRatio: false,
      notes: `8,760 hours × 2 runs in workerd; the year's rule made ${shape.proposals} proposals and the run without it ${shape.liquidations} liquidations. Timed with performance.now() in local workerd (wrangler dev), where it advances during computation; deployed Workers freeze it between I/O.`,
    }),
  };
}
