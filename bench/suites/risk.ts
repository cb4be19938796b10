import { z } from "zod";
import { forecastRisk } from "../../worker/risk/forecastRisk";
import { getJson } from "../lib/api";
import { metric, type Results } from "../lib/results";
import { median } from "../lib/stats";
import { forecastInputs } from "../worker/benchRoutes";
import type { SuiteContext } from "./context";

const timing = z.object({ mode: z.string(), n: z.number(), totalMs: z.number() });
const SINGLE_PER_RUN = 50;
const RUNS = 9;
const BATCH = 1000;
const BATCH_RUNS = 7;
const SINGLES_RUNS = 3;

/**
 * The risk forecast timed inside workerd (GET /__bench/risk: performance.now() around forecastRisk in the
 * isolate), single and a batch of 1000, beside the same code in Node 22 and 1000 single calls.
 */
export async function riskSuite(ctx: SuiteContext): Promise<Results> {
  const inWorker = async (mode: "single" | "batch", n: number) =>
    timing.parse(await getJson(ctx.stack.apiUrl, `/__bench/risk?mode=${mode}&n=${n}`)).totalMs;

  const firstMs = await inWorker("single", 1); // the isolate's first forecast: loads the model
  const singles: number[] = [];
  for (let run = 0; run < RUNS; run++)
    singles.push((await inWorker("single", SINGLE_PER_RUN)) / SINGLE_PER_RUN);
  const batches: number[] = [];
  for (let run = 0; run < BATCH_RUNS; run++) batches.push(await inWorker("batch", BATCH));
  const loops: number[] = [];
  for (let run = 0; run < SINGLES_RUNS; run++) loops.push(await inWorker("single", BATCH));

  const nodeInputs = forecastInputs(SINGLE_PER_RUN);
  const nodeFirst = performance.now();
  await forecastRisk(nodeInputs[0] as (typeof nodeInputs)[number]);
  const nodeFirstMs = performance.now() - nodeFirst;
  const nodeSingles: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    for (const input of nodeInputs) await forecastRisk(input);
    nodeSingles.push((performance.now() - started) / SINGLE_PER_RUN);
  }

  return {
    "risk.forecastMs.single": metric({
      value: median(singles),
      unit: "ms per forecast",
      alternative: { name: "same forecastRisk in Node 22 (tsx)", value: median(nodeSingles) },
      runs: RUNS,
      withRatio: false,
      notes: `Inside workerd (wrangler dev), mean of ${SINGLE_PER_RUN} sequential calls per run (the local clock has 1 ms resolution); median over runs. First forecast in a fresh isolate (lazy model load): ${firstMs.toFixed(0)} ms in workerd, ${nodeFirstMs.toFixed(0)} ms in Node.`,
    }),
    "risk.forecastMs.batch1000": metric({
      value: median(batches),
      unit: "ms per 1000 positions",
      alternative: { name: "1000 single forecasts in a loop (workerd)", value: median(loops) },
      runs: BATCH_RUNS,
      notes: `One forecastRisk([...1000]) call: features for each position, then the MLP. Per position ${(median(batches) / BATCH).toFixed(3)} ms. Loop alternative over ${SINGLES_RUNS} runs.`,
    }),
  };
}
