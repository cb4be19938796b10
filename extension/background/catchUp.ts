/**
 * A message older than this when it arrives is backlog (replayed after the browser or the socket was away),
 * not news: the user must not get a burst of alerts about states that have passed. Fixed at build time.
 */
import type { HeldBacklog, HeldNotice } from "../lib/storage/live";

export { BACKLOG_AFTER_MS } from "../lib/buildConfig";
/** The replayed backlog arrives in one burst: once it has been quiet this long, its summary is shown. */
export const CATCH_UP_QUIET_MS = 1500;

export interface CatchUpHost {
  show(title: string, message: string): Promise<void>;
  quietMs?: number;
  /**
   * Where the held notices wait for their summary. The replayed messages are marked handled (lastSeq) as they are
   * held, so a service worker stopped before the summary (MV3 stops it at will) would otherwise lose them for good:
   * the next start shows what was held.
   */
  store?: {
    get(): Promise<HeldBacklog>;
    set(held: HeldBacklog): Promise<void>;
  };
}

/**
 * Collapses a replayed backlog to at most one notice per subject (an account's risk, or the general feed):
 * the latest one if it still holds, else the latest event (a liquidation), else nothing. A fresh message about
 * the same subject wins over what the backlog held (it is the current state).
 */
export function createCatchUp(host: CatchUpHost) {
  const latest = new Map<string, HeldNotice>();
  const events = new Map<string, HeldNotice>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const save = () =>
    host.store?.set({ latest: Object.fromEntries(latest), events: Object.fromEntries(events) });

  const flush = async () => {
    timer = null;
    const subjects = new Set([...latest.keys(), ...events.keys()]);
    const shown: HeldNotice[] = [];
    for (const subject of subjects) {
      const last = latest.get(subject);
      const notice = events.get(subject) ?? (last?.current ? last : undefined);
      if (notice) shown.push(notice);
    }
    latest.clear();
    events.clear();
    for (const notice of shown) await host.show(notice.title, notice.message);
    // Forgotten only once shown: stopped in between, the next start shows them (at worst twice, never not at all).
    await save();
  };

  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), host.quietMs ?? CATCH_UP_QUIET_MS);
  };

  // What a previous run of the service worker held and never showed.
  const restored = (async () => {
    const held = await host.store?.get();
    if (!held) return;
    for (const [subject, notice] of Object.entries(held.latest))
      if (!latest.has(subject)) latest.set(subject, notice);
    for (const [subject, notice] of Object.entries(held.events))
      if (!events.has(subject)) events.set(subject, notice);
    if (latest.size > 0 || events.size > 0) arm();
  })();

  return {
    /** Holds a stale notice about `subject` until the backlog is over (stored before it returns). */
    async hold(subject: string, notice: HeldNotice): Promise<void> {
      await restored;
      latest.set(subject, notice);
      if (notice.event) events.set(subject, notice);
      await save();
      arm();
    },
    /** A fresh message about `subject` arrived: whatever the backlog held about it is out of date. */
    async supersede(subject: string): Promise<void> {
      await restored;
      const held = latest.delete(subject);
      const heldEvent = events.delete(subject);
      if (held || heldEvent) await save();
    },
  };
}
