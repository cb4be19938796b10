import type { Transaction } from "../../shared/schemas/transactions";
import { pendingApprovalsItem, unexpiredProposals } from "../lib/storage/pendingApprovalsCache";
import type { ApiClient } from "./apiClient";
import { endpoints } from "./endpoints";
import { AWAITING_SIGNATURE, mergeProposal } from "./pendingProposalMerge";

export interface PendingApprovalsHost {
  api: ApiClient;
  /** The API base the next request goes to: a refresh against another base is a different refresh. */
  baseUrl(): Promise<string>;
  now(): number;
}

export interface PendingApprovals {
  /** GET /transactions?status=pending and =approved into the cache; rejects with the API's error (the popup shows it). */
  refresh(): Promise<Transaction[]>;
  /** refresh() for wake-ups nobody is watching (sign-in, watchdog, dashboard refresh): a failure keeps the cache. */
  revalidate(): Promise<void>;
  /** A live tx_proposal / tx_update: updates the cached list without a round trip. */
  apply(transaction: Transaction): Promise<void>;
  clear(): Promise<void>;
  /** True when nothing is cached or the last full fetch is older than maxAgeMs. */
  isStale(maxAgeMs: number): Promise<boolean>;
}

/** Owns the pending-approvals cache: the HTTP list, the live changes merged into it, and its end at sign-out. */
export function createPendingApprovals(host: PendingApprovalsHost): PendingApprovals {
  // Bumped by clear() (sign-out, expiry): a fetch that started before must not write its answer afterwards.
  let generation = 0;
  // Live changes handled while a fetch is out may be newer than its answer: they are replayed over it.
  let inFlight: { baseUrl: string; promise: Promise<Transaction[]>; liveDuring: Transaction[] } | null = null;
  // Every read-modify-write of the cache runs alone, so a fetch landing mid-update cannot lose a live change.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };

  const write = async (transactions: Transaction[], fetchedAt: number) => {
    const current = unexpiredProposals(transactions, host.now());
    await pendingApprovalsItem.set({ transactions: current, fetchedAt });
    return current;
  };

  const fetchOnce = async (startedIn: number, liveDuring: Transaction[]) => {
    const lists = await Promise.all(
      [...AWAITING_SIGNATURE].map((status) => host.api(endpoints.transactions({ status }))),
    );
    const transactions = lists
      .flatMap((list) => list.transactions)
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    return exclusive(async () => {
      const merged = liveDuring.reduce(mergeProposal, transactions);
      if (startedIn !== generation) return unexpiredProposals(merged, host.now());
      return write(merged, host.now());
    });
  };

  const refresh = async () => {
    // The popup's request and the background's own wake-ups often coincide: they share one round trip, unless
    // the API URL changed meanwhile (an answer from the old API, or its timeout, is not this one's).
    const baseUrl = await host.baseUrl();
    if (inFlight?.baseUrl === baseUrl) return inFlight.promise;
    const liveDuring: Transaction[] = [];
    const promise = fetchOnce(generation, liveDuring).finally(() => {
      if (inFlight?.promise === promise) inFlight = null;
    });
    inFlight = { baseUrl, promise, liveDuring };
    return promise;
  };

  const revalidate = async () => {
    await refresh().catch(() => undefined);
  };

  return {
    refresh,
    revalidate,
    async apply(transaction) {
      inFlight?.liveDuring.push(transaction);
      const cached = await exclusive(async () => {
        const cache = await pendingApprovalsItem.get();
        if (cache) await write(mergeProposal(cache.transactions, transaction), cache.fetchedAt);
        return cache;
      });
      // Nothing cached yet: one change alone is not the list, so fetch the whole of it.
      if (!cached && !inFlight) await revalidate();
    },
    async clear() {
      generation += 1;
      inFlight = null;
      await exclusive(() => pendingApprovalsItem.remove());
    },
    async isStale(maxAgeMs) {
      const cached = await pendingApprovalsItem.get();
      return cached === null || host.now() - cached.fetchedAt > maxAgeMs;
    },
  };
}
