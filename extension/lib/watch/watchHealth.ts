import type { ChainStatus, WatchStatus } from "../../../shared/schemas/watchStatus";
import { WATCH_STALE_AFTER_INTERVALS } from "../../../shared/schemas/watchStatus";
import type { DashboardCache } from "../storage/dashboardCache";

/**
 * How well Vigil is watching, judged from what the API last said (GET /me `watch` and `session`, GET /portfolios
 * `chains`) and the clock. Pure: the popup renders it, the background notifies from it, the tests pin it.
 */

/** Checks missing for this many intervals: the watch is as good as stopped (red). */
export const WATCH_DEAD_AFTER_INTERVALS = 10;
/** A session that will end within this and is not being renewed: warn before the watch stops. */
export const SESSION_ENDING_WARNING_MS = 24 * 60 * 60_000;

export type HeartbeatLevel = "ok" | "amber" | "red";

export interface Heartbeat {
  level: HeartbeatLevel;
  /** When the last check completed (ms), null before the first. */
  lastCheckAt: number | null;
  /** The server stopped watching: every chain is `not_watched` (nobody signed in). */
  stopped: boolean;
}

/**
 * The heartbeat of the cached watch status, judged as of when it was read: the server's checks come every 10 s
 * while a socket is open, so an older read would look late for no other reason than its own age. A read more
 * recent than `now` (clocks) counts as now. A watch that stopped after the read shows at the next read (the
 * background reads /me at least every 5 minutes, and on every popup open).
 */
export function watchHeartbeat(cache: DashboardCache | null | undefined, now: number): Heartbeat | null {
  const readAt = cache?.meReadAt ?? cache?.fetchedAt ?? now;
  return heartbeat(cache?.me.watch, Math.min(now, readAt));
}

export function heartbeat(watch: WatchStatus | undefined, now: number): Heartbeat | null {
  if (!watch) return null;
  const lastCheckAt = watch.lastCheckAt === null ? null : Date.parse(watch.lastCheckAt);
  const stopped = watch.chains.length > 0 && watch.chains.every((chain) => chain.status === "not_watched");
  if (stopped) return { level: "red", lastCheckAt, stopped };
  // Signed in but nothing scheduled: no debt and no open dashboard, so nothing can be liquidated. Idle, not late.
  if (watch.nextCheckAt === null) return { level: "ok", lastCheckAt, stopped };
  // Before the first check there is nothing to be late against yet.
  if (lastCheckAt === null) return { level: "ok", lastCheckAt, stopped };
  const intervals = (now - lastCheckAt) / (watch.intervalSeconds * 1000);
  const level: HeartbeatLevel =
    intervals > WATCH_DEAD_AFTER_INTERVALS ? "red" : intervals > WATCH_STALE_AFTER_INTERVALS ? "amber" : "ok";
  return { level, lastCheckAt, stopped };
}

/**
 * The chains that are not being read, with the age of the data shown for them. The portfolio's list is the
 * fresher one (it comes with the data); /me's watch status covers a portfolio that could not be read at all.
 */
export function degradedChains(
  portfolioChains: readonly ChainStatus[] | undefined,
  watch: WatchStatus | undefined,
): ChainStatus[] {
  const byChain = new Map<number, ChainStatus>();
  for (const chain of watch?.chains ?? []) byChain.set(chain.chainId, chain);
  for (const chain of portfolioChains ?? []) byChain.set(chain.chainId, chain);
  return [...byChain.values()].filter((chain) => chain.status === "unavailable");
}

export interface SessionOutlook {
  /** The server holds no valid session for the user: it has stopped acting for them. */
  stopped: boolean;
  /** When the session ends unless renewed; set only when that is within the warning window. */
  endingAt: number | null;
}

/**
 * The session as the API and the extension see it. The extension renews its session on every use, so a session
 * ending within a day means renewal is not happening (the API unreachable, or nothing renewing it).
 */
export function sessionOutlook(
  input: { refreshExpiresAt: number; serverSession?: { active: boolean; expiresAt: string } },
  now: number,
): SessionOutlook {
  if (input.serverSession && !input.serverSession.active) return { stopped: true, endingAt: null };
  const endsAt = input.refreshExpiresAt;
  return { stopped: false, endingAt: endsAt - now <= SESSION_ENDING_WARNING_MS ? endsAt : null };
}

/** The API's own codes for "I answer, but the chains' RPC does not" (every chain failed). */
const UPSTREAM_CODES = new Set(["upstream_unavailable", "upstream_error"]);

/**
 * What the last refresh's failure says about the API, for the footer: the socket alone must not make it say
 * "Live" while the API is not answering (no HTTP answer, or failing), nor while no chain can be read.
 */
export function apiHealth(error: { status?: number; code: string } | null): "ok" | "apiDown" | "chainsDown" {
  if (!error || error.status === undefined) return "ok";
  if (error.status === 0) return "apiDown";
  if (error.status >= 500) return UPSTREAM_CODES.has(error.code) ? "chainsDown" : "apiDown";
  return "ok";
}

/**
 * Why an action that needs the API (propose a rescue, add or change a rule) cannot run now, or null when it can:
 * while the API's last answer was no answer at all, or its own failure, a click could only fail.
 */
export function apiActionBlock(error: { status?: number; code: string } | null): string | null {
  const down = apiHealth(error) === "apiDown" || error?.code === "timeout";
  return down ? "Vigil’s server is not answering. This works again once it is back." : null;
}
