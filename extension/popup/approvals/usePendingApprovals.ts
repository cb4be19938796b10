import { useEffect, useMemo, useRef, useState } from "react";
import type { Transaction } from "../../../shared/schemas/transactions";
import type { MessageError } from "../../lib/messages";
import { sendToBackground } from "../../lib/messaging/sendToBackground";
import { type LiveStatus, liveStatusItem } from "../../lib/storage/live";
import {
  nextExpiry,
  type PendingApprovalsCache,
  pendingApprovalsItem,
  unexpiredProposals,
} from "../../lib/storage/pendingApprovalsCache";
import { asMessageError } from "../useBackgroundData";

/** Without the socket nothing pushes new proposals: the open popup asks again this often. */
const OFFLINE_POLL_MS = 15_000;
/** setTimeout overflows past ~24.8 days; a far expiry is re-checked after this instead. */
const MAX_WAIT_MS = 60 * 60_000;

export interface PendingApprovalsView {
  /** null until the first list is known (cached or fetched): the panel shows its skeleton. */
  data: Transaction[] | null;
  error: MessageError | null;
}

/**
 * Stale while revalidating: paint the cached pending list at once, ask the background to fetch it again, and
 * re-render whenever the background writes the cache (after a fetch, or a live tx_proposal / tx_update).
 * Polls only while the socket is down.
 */
export function usePendingApprovals(enabled: boolean): PendingApprovalsView {
  const [cache, setCache] = useState<PendingApprovalsCache | null>(null);
  const [error, setError] = useState<MessageError | null>(null);
  const [now, setNow] = useState(Date.now);
  // A newer full fetch (e.g. from the Refresh button) answers an older failure.
  const fetchedAt = useRef<number | null>(null);

  useEffect(() => {
    setCache(null);
    setError(null);
    if (!enabled) return;
    let alive = true;
    let watched = false;
    const show = (next: PendingApprovalsCache | null) => {
      if (next && next.fetchedAt !== fetchedAt.current) setError(null);
      fetchedAt.current = next?.fetchedAt ?? null;
      setCache(next);
      setNow(Date.now());
    };
    const unwatch = pendingApprovalsItem.watch((next) => {
      watched = true;
      show(next);
    });
    void pendingApprovalsItem.get().then((cached) => {
      // A change seen meanwhile is newer than this read.
      if (alive && !watched) show(cached);
    });
    const revalidate = () =>
      sendToBackground({ type: "transactions/listPending" }).catch((cause: unknown) => {
        if (alive) setError(asMessageError(cause));
      });
    void revalidate();
    let poll: ReturnType<typeof setInterval> | null = null;
    const followLive = (status: LiveStatus) => {
      if (status !== "live") {
        poll ??= setInterval(() => void revalidate(), OFFLINE_POLL_MS);
        return;
      }
      if (poll) clearInterval(poll);
      poll = null;
    };
    void liveStatusItem.get().then((status) => {
      if (alive) followLive(status);
    });
    const unwatchLive = liveStatusItem.watch(followLive);
    return () => {
      alive = false;
      unwatch();
      unwatchLive();
      if (poll) clearInterval(poll);
    };
  }, [enabled]);

  // Drop a proposal from the list (and the counts) the moment it expires, without waiting for the server.
  useEffect(() => {
    const at = cache && nextExpiry(cache.transactions, now);
    if (!at) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(at - Date.now(), MAX_WAIT_MS));
    return () => clearTimeout(timer);
  }, [cache, now]);

  const data = useMemo(() => (cache ? unexpiredProposals(cache.transactions, now) : null), [cache, now]);
  return { data, error };
}
