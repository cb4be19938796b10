import { CHAIN_DOWN_NOTIFY_AFTER_MS } from "../../shared/schemas/watchStatus";
import type { DashboardCache } from "../lib/storage/dashboardCache";
import { notifiedWatchProblemsItem, watchedAccountItem, watchStoppedItem } from "../lib/storage/watchAlerts";
import { degradedChains, sessionOutlook, watchHeartbeat } from "../lib/watch/watchHealth";
import { chainLabel, formatAge, formatWhen, shortAddress } from "../ui/format";

export interface WatchAlertsHost {
  now(): number;
  /** Shown whatever the notification preferences: a watch that stops must never stop in silence. */
  notify(key: string, title: string, message: string): Promise<void>;
  /** The problem is over: its card goes (a stale warning must not outlive the watch coming back). */
  clear(key: string): Promise<void>;
}

export interface WatchAlerts {
  /**
   * After each refresh and watchdog tick: tells the user once about each watch problem that started.
   * `notLiveSince`: since when the socket (live alerts) has not been connected, null while it is.
   */
  check(input: {
    address: string;
    refreshExpiresAt: number;
    cache: DashboardCache | null;
    notLiveSince?: number | null;
  }): Promise<void>;
  /** The session ended without the user signing out: the watch has stopped. */
  stopped(address: string): Promise<void>;
  /** Signed in: this account is watched from now on; nothing left to warn about. */
  watching(address: string): Promise<void>;
  /** Signed out on purpose: nothing watched, nothing to warn about. */
  reset(): Promise<void>;
  /** Not signed in (start-up, watchdog): a watched account whose session vanished means the watch stopped. */
  sessionGone(): Promise<void>;
}

interface Problem {
  key: string;
  title: string;
  message: string;
}

export { CHAIN_DOWN_NOTIFY_AFTER_MS };
/** The live socket down this long while signed in is told. */
export const NOT_LIVE_NOTIFY_AFTER_MS = 5 * 60_000;

const stoppedTitle = (address: string) => `Vigil stopped watching ${shortAddress(address)}: sign in again`;

function currentProblems(input: Parameters<WatchAlerts["check"]>[0], now: number): Problem[] {
  const { address, refreshExpiresAt, cache } = input;
  const who = shortAddress(address);
  const problems: Problem[] = [];
  const outlook = sessionOutlook({ refreshExpiresAt, serverSession: cache?.me.session }, now);
  const beat = watchHeartbeat(cache, now);
  if (outlook.stopped || beat?.stopped) {
    problems.push({
      key: `stopped:${address}`,
      title: stoppedTitle(address),
      message:
        "Vigil no longer checks this account's positions or prepares fixes. Open Vigil and sign in again.",
    });
  } else if (beat && beat.level !== "ok") {
    problems.push({
      key: `stale:${address}`,
      title:
        beat.lastCheckAt === null
          ? `Vigil has not checked ${who} yet`
          : `Vigil last checked ${who} ${formatAge(now - beat.lastCheckAt)}`,
      message: "Checks have stopped coming: your positions are not being watched right now.",
    });
  }
  // The whole watch stale or stopped says it all: a chain down or a socket down under it would be a second card
  // for the same silence (and "Vigil keeps watching" would be false).
  if (problems.length > 0) return withEnding(problems, outlook.endingAt, address, now);
  // A chain that holds positions and cannot be read: nothing there is checked, no alert can come from it.
  const held = cache?.portfolio
    ? new Set([
        ...cache.portfolio.aave.map((a) => a.chainId),
        ...cache.portfolio.eigenLayer.map((e) => e.chainId),
      ])
    : null;
  for (const chain of degradedChains(cache?.portfolio?.chains, cache?.me.watch)) {
    const since = Date.parse(chain.since);
    if ((held && !held.has(chain.chainId)) || now - since < CHAIN_DOWN_NOTIFY_AFTER_MS) continue;
    problems.push({
      key: `chain:${address}:${chain.chainId}`,
      title: `Vigil cannot read ${chainLabel(chain.chainId)} since ${formatWhen(since, now)}`,
      message: `${who}'s positions there are not being checked: no alert can come from them until it answers again.`,
    });
  }
  // The socket down while the API answers (a proxy blocking WebSockets, too many tabs): alerts wait unseen.
  if (input.notLiveSince != null && now - input.notLiveSince >= NOT_LIVE_NOTIFY_AFTER_MS) {
    problems.push({
      key: `live:${address}`,
      title: `Live alerts are not reaching this browser since ${formatWhen(input.notLiveSince, now)}`,
      message: "Vigil keeps watching, but cannot push alerts here right now: open Vigil to see the latest.",
    });
  }
  return withEnding(problems, outlook.endingAt, address, now);
}

/**
 * What to tell when a problem that was told ends: the user who read "cannot read" must also read "back", or the
 * last word they had stays the outage. Session problems end by signing in again, which says it by itself.
 */
function recoveryOf(key: string, now: number): Problem | null {
  const [kind, address = "", chainId] = key.split(":");
  const who = shortAddress(address);
  const at = formatWhen(now, now);
  if (kind === "stale") {
    return {
      key: `back:${key}`,
      title: `Vigil is checking ${who} again`,
      message: `Checks resumed at ${at}: alerts come again as they happen.`,
    };
  }
  if (kind === "chain" && chainId !== undefined) {
    return {
      key: `back:${key}`,
      title: `Vigil reads ${chainLabel(Number(chainId))} again`,
      message: `${who}'s positions there are checked again since ${at}.`,
    };
  }
  if (kind === "live") {
    return {
      key: `back:${key}`,
      title: "Live alerts reach this browser again",
      message: `Connected again at ${at}: anything that happened meanwhile is delivered now.`,
    };
  }
  return null;
}

/** The session's end is news of its own, whatever else is wrong: signing in again is the one fix for it. */
function withEnding(problems: Problem[], endingAt: number | null, address: string, now: number): Problem[] {
  if (endingAt === null) return problems;
  return [
    ...problems,
    {
      key: `ending:${address}`,
      title: `Vigil will stop watching ${shortAddress(address)} ${formatIn(endingAt - now)}`,
      message: "The session could not be renewed. Open Vigil and sign in again to keep watching.",
    },
  ];
}

function formatIn(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  if (hours >= 1) return `in ${hours} h`;
  return `in ${Math.max(1, Math.round(ms / 60_000))} min`;
}

/** One notification per watch problem, when it starts; the popup shows the same problems as banners. */
export function createWatchAlerts(host: WatchAlertsHost): WatchAlerts {
  async function stopped(address: string) {
    await watchedAccountItem.remove();
    await watchStoppedItem.set({ address, at: host.now() });
    const told = await notifiedWatchProblemsItem.get();
    // Already told (the server said it stopped): once per event, not once per place that noticed it.
    if (!told.includes(`stopped:${address}`)) {
      await host.notify(
        `stopped:${address}`,
        stoppedTitle(address),
        "Your session ended and could not be renewed. Open Vigil and sign in again to keep watching.",
      );
    }
    await notifiedWatchProblemsItem.set([`stopped:${address}`]);
  }

  async function reset() {
    for (const key of await notifiedWatchProblemsItem.get()) await host.clear(key);
    await watchStoppedItem.remove();
    await notifiedWatchProblemsItem.remove();
    await watchedAccountItem.remove();
  }

  return {
    async check(input) {
      const now = host.now();
      const problems = currentProblems(input, now);
      // The keys of the cards standing: problems told, and "back" notices of problems that ended.
      const told = new Set(await notifiedWatchProblemsItem.get());
      const standing = new Set<string>();
      for (const problem of problems) {
        standing.add(problem.key);
        if (told.has(problem.key)) continue;
        // The problem is back: its "back" card, now false, goes.
        if (told.has(`back:${problem.key}`)) await host.clear(`back:${problem.key}`);
        await host.notify(problem.key, problem.title, problem.message);
      }
      for (const key of told) {
        if (standing.has(key)) continue;
        if (key.startsWith("back:")) {
          if (!standing.has(key.slice("back:".length))) standing.add(key);
          continue;
        }
        // A told problem ended: its card goes, and its end is told once (gone from the screen is not gone from
        // the user's mind: the last word they had would stay the outage).
        await host.clear(key);
        const recovery = recoveryOf(key, now);
        if (recovery) {
          await host.notify(recovery.key, recovery.title, recovery.message);
          standing.add(recovery.key);
        }
      }
      await notifiedWatchProblemsItem.set([...standing]);
    },
    stopped,
    async watching(address) {
      await reset();
      await watchedAccountItem.set({ address });
    },
    reset,
    async sessionGone() {
      const watched = await watchedAccountItem.get();
      if (watched) await stopped(watched.address);
    },
  };
}
