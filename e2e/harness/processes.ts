import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";

export interface Tracked {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a long-running process in its own process group (so `npx`'s children go too), logs to a file, and
 * stops it with SIGTERM then SIGKILL. Only ever kills the group it started, by its id.
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
      const killed = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
      if (!killed) {
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

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `check` resolves true; fails with `what` and the last error after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 120_000,
): Promise<void> {
  const started = Date.now();
  let lastError: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await delay(300);
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`, { cause: lastError });
}
