import { useCallback, useEffect, useState } from "react";
import type { MessageError, SessionState } from "../lib/messages";
import { BackgroundError, sendToBackground } from "../lib/messaging/sendToBackground";
import { withTimeout } from "../lib/messaging/withTimeout";
import { type DashboardCache, dashboardCacheItem, dashboardErrorItem } from "../lib/storage/dashboardCache";
import { type LiveStatus, liveStatusItem } from "../lib/storage/live";
import { sessionItem } from "../lib/storage/session";
import { type WatchStopped, watchStoppedItem } from "../lib/storage/watchAlerts";

export type DashboardView =
  | { kind: "loading" }
  /** The background did not say whether anyone is signed in (it failed or never answered). */
  | { kind: "failed"; error: MessageError }
  | { kind: "signedOut"; reason: "never" | "signedOut" | "expired" | undefined }
  | {
      kind: "signedIn";
      session: Extract<SessionState, { status: "signedIn" }>;
      data: DashboardCache | null;
      error: MessageError | null;
    };

/**
 * While the dashboard is open it asks again this often: the socket pushes figures that change, but a chain that
 * stops answering changes no figure (the API keeps serving its last good data), and the background's own re-read
 * comes only every 5 minutes. An open popup or dashboard tab must not say "Live" over data that stopped.
 */
export const OPEN_DASHBOARD_RECHECK_MS = 30_000;

/**
 * Stale while revalidating: paint the cached dashboard at once, ask the background to refresh, re-render when
 * the background writes the cache. The popup never calls the API itself.
 */
export function useDashboard() {
  const [session, setSession] = useState<SessionState | null>(null);
  const [data, setData] = useState<DashboardCache | null>(null);
  const [error, setError] = useState<MessageError | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [live, setLive] = useState<LiveStatus>("off");
  const [watchStopped, setWatchStopped] = useState<WatchStopped | null>(null);
  const [sessionError, setSessionError] = useState<MessageError | null>(null);
  const [sessionAttempt, setSessionAttempt] = useState(0);
  const retrySession = useCallback(() => {
    setSessionError(null);
    setSessionAttempt((n) => n + 1);
  }, []);

  const ask = useCallback(async () => {
    try {
      await withTimeout(sendToBackground({ type: "dashboard/refresh" }));
    } catch (cause) {
      setError(cause instanceof BackgroundError ? cause.error : { code: "internal", message: String(cause) });
    }
  }, []);
  const refresh = useCallback(async () => {
    setRefreshing(true);
    await ask().finally(() => setRefreshing(false));
  }, [ask]);

  const signedIn = session?.status === "signedIn";
  // The periodic re-read is quiet: no "updating…" every half minute, only what it finds.
  useEffect(() => {
    if (!signedIn) return;
    const timer = setInterval(() => void ask(), OPEN_DASHBOARD_RECHECK_MS);
    return () => clearInterval(timer);
  }, [signedIn, ask]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a Retry after a failed session/get runs this again.
  useEffect(() => {
    let alive = true;
    const loadSession = async () => {
      try {
        const state = await withTimeout(sendToBackground({ type: "session/get" }));
        if (alive) setSession(state);
        return state;
      } catch (cause) {
        if (alive)
          setSessionError(
            cause instanceof BackgroundError ? cause.error : { code: "internal", message: String(cause) },
          );
        return null;
      }
    };
    void Promise.all([dashboardCacheItem.get(), dashboardErrorItem.get()]).then(([cached, lastError]) => {
      if (!alive) return;
      setData(cached);
      setError(cached?.error ?? lastError);
    });
    void loadSession().then((state) => {
      if (state?.status === "signedIn") void refresh();
    });
    void liveStatusItem.get().then(setLive);
    void watchStoppedItem.get().then(setWatchStopped);
    const unwatchStopped = watchStoppedItem.watch(setWatchStopped);
    const unwatchLive = liveStatusItem.watch(setLive);
    const unwatchCache = dashboardCacheItem.watch((cached) => {
      setData(cached);
      if (cached) setError(cached.error);
    });
    const unwatchError = dashboardErrorItem.watch((lastError) => {
      if (lastError) setError(lastError);
    });
    // The session key changes on sign-in/out elsewhere (connect tab, expiry): ask the background again.
    const unwatchSession = sessionItem.watch(() => void loadSession());
    return () => {
      alive = false;
      unwatchLive();
      unwatchCache();
      unwatchError();
      unwatchSession();
      unwatchStopped();
    };
  }, [refresh, sessionAttempt]);

  let view: DashboardView;
  if (!session) view = sessionError ? { kind: "failed", error: sessionError } : { kind: "loading" };
  else if (session.status === "signedOut") view = { kind: "signedOut", reason: session.reason };
  else view = { kind: "signedIn", session, data, error };

  const signOut = useCallback(async () => {
    setSession(await sendToBackground({ type: "session/signOut" }));
  }, []);
  const openConnectPage = useCallback(async () => {
    await sendToBackground({ type: "session/openConnectPage" });
    window.close();
  }, []);

  return { view, live, refreshing, refresh, retrySession, signOut, openConnectPage, watchStopped };
}
