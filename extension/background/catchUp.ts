/**
 * A message older than this when it arrives is backlog (replayed after the browser or the socket was away),
 * not news: the user must not get a burst of alerts about states that have passed. Fixed at build time.
 */
export { BACKLOG_AFTER_MS } from "../lib/buildConfig";
/** The replayed backlog arrives in one burst: once it has been quiet this long, its summary is shown. */
export const CATCH_UP_QUIET_MS = 1500;

export interface HeldNotice {
  title: string;
  message: string;
  /** Still true now, as far as this backlog knows (a raised alert not cleared after it). */
  current: boolean;
  /** A fact worth telling even when the state has passed since (a liquidation happened). */
  event: boolean;
}

export interface CatchUpHost {
  show(title: string, message: string): Promise<void>;
  quietMs?: number;
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
  };

  return {
    /** Holds a stale notice about `subject` until the backlog is over. */
    hold(subject: string, notice: HeldNotice): void {
      latest.set(subject, notice);
      if (notice.event) events.set(subject, notice);
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void flush(), host.quietMs ?? CATCH_UP_QUIET_MS);
    },
    /** A fresh message about `subject` arrived: whatever the backlog held about it is out of date. */
    supersede(subject: string): void {
      latest.delete(subject);
      events.delete(subject);
    },
  };
}
