import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";

export interface Tracked {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A long-running process in its own process group, logged to a file, stopped with SIGTERM then SIGKILL —
 * only ever the group it started, by its id (wrangler starts workerd as a child).
 */
export function spawnTracked(
  name: string,
  command: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; logFile: string },
): Tracked {
  const log = createWriteStream(opts.logFile);
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    name,
    child,
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      const group = -child.pid;
      try {
        process.kill(group, "SIGTERM");
      } catch {
        return;
      }
      const gone = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
      if (!gone) {
        try {
          process.kill(group, "SIGKILL");
        } catch {
          // already gone
        }
        await exited;
      }
      log.end();
    },
  };
}

/** Polls until `check` resolves true; fails with `what` and the last error after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const started = Date.now();
  let lastError: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await delay(250);
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`, { cause: lastError });
}
