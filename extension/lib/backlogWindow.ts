/**
 * How old a pushed message may be when it arrives and still count as news. Older ones are backlog, replayed after
 * the browser or the socket was away (extension/background/catchUp.ts), and collapse to the current state.
 */
export const DEFAULT_BACKLOG_AFTER_MS = 2 * 60_000;
const MIN_MS = 1_000;
const MAX_MS = 60 * 60_000;

/**
 * The window a build uses: the default, or (dev and e2e builds only) `WXT_BACKLOG_AFTER_MS`, so a restart test
 * need not keep the browser closed for two minutes. A release build always has the default.
 */
export function backlogAfterMsForBuild(devBuild: boolean, configured: string | undefined): number {
  if (!devBuild || configured === undefined || configured === "") return DEFAULT_BACKLOG_AFTER_MS;
  const ms = /^\d+$/.test(configured) ? Number(configured) : Number.NaN;
  if (!(ms >= MIN_MS && ms <= MAX_MS)) {
    throw new Error(
      `WXT_BACKLOG_AFTER_MS must be whole milliseconds from ${MIN_MS} to ${MAX_MS}, not "${configured}"`,
    );
  }
  return ms;
}
