import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { connect } from "node:net";

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
      // The group's other members (wrangler's workerd) may outlive its leader, still holding their ports:
      // whatever is left of the group goes now, so "stopped" means nothing listens any more.
      try {
        process.kill(group, "SIGKILL");
      } catch {
        // already gone
      }
      if (!killed) await exited;
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

/** True once nothing accepts connections on the port (refused), polled until `timeoutMs`. */
export async function waitForPortClosed(port: number, timeoutMs = 15_000): Promise<void> {
  const refused = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(false);
      });
      socket.once("error", () => resolve(true));
    });
  await waitUntil(`port ${port} closing`, refused, timeoutMs);
}
