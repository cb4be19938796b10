import type { BenchStack } from "../lib/stack";

export interface SuiteContext {
  root: string;
  /** Git-ignored scratch space for this run (.cache/bench). */
  workDir: string;
  stack: BenchStack;
  log(line: string): void;
}

/** Times an async function in ms (wall clock, performance.now). */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}
