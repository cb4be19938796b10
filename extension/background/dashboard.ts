import { ApiError } from "../lib/api/apiError";
import type { DashboardPortfolio, Portfolio } from "../lib/api/contract";
import type { MessageError } from "../lib/messages";
import { type DashboardCache, dashboardCacheItem, dashboardErrorItem } from "../lib/storage/dashboardCache";
import { degradedChains, watchHeartbeat } from "../lib/watch/watchHealth";
import type { ApiClient } from "./apiClient";
import { endpoints } from "./endpoints";

export interface DashboardHost {
  api: ApiClient;
  /** The API base the next request goes to: a refresh against another base is a different refresh. */
  baseUrl(): Promise<string>;
  signedIn(): Promise<boolean>;
  now(): number;
  onHealthFactor(healthFactor: number | null): Promise<void>;
}

export interface Dashboard {
  /** Fetches /me and /portfolios and writes the cache the popup renders from. */
  refresh(): Promise<void>;
  clear(): Promise<void>;
  /** A portfolio pushed over the socket: replaces the cached one without a round trip. */
  applyPortfolio(portfolio: Portfolio): Promise<void>;
  healthFactor(): Promise<{
    portfolioKnown: boolean;
    healthFactor: number | null;
    updatedAt: number | null;
    /** The figure is not being kept current: the last refresh failed, a chain is unavailable, or checks are late. */
    stale: boolean;
  }>;
}

const asMessageError = (error: unknown): MessageError =>
  error instanceof ApiError
    ? { code: error.code, message: error.message, status: error.status }
    : { code: "internal", message: error instanceof Error ? error.message : "Refresh failed." };

export function createDashboard(host: DashboardHost): Dashboard {
  // Bumped by clear() (sign-out, expiry): a refresh that started before must not write its answer afterwards.
  let generation = 0;
  let inFlight: { baseUrl: string; promise: Promise<void> } | null = null;

  const fetchPortfolio = async (): Promise<DashboardPortfolio | null> => {
    try {
      return await host.api(endpoints.portfolios());
    } catch (error) {
      // Until the DeFi routes exist the API answers 404/501: the dashboard shows the account without positions.
      if (error instanceof ApiError && (error.status === 404 || error.status === 501)) return null;
      throw error;
    }
  };

  /**
   * Writes the cache unless clear() ran since `startedIn`; if clear() starts while the write is under way, the
   * write is taken back, so a sign-out never leaves the last account's data behind.
   */
  const writeCache = async (startedIn: number, value: DashboardCache) => {
    if (startedIn !== generation) return false;
    await dashboardCacheItem.set(value);
    if (startedIn === generation) return true;
    await dashboardCacheItem.remove();
    return false;
  };

  const refreshOnce = async (startedIn: number) => {
    if (!(await host.signedIn())) return;
    const current = async () => startedIn === generation && (await host.signedIn());
    const [me, portfolio] = await Promise.allSettled([host.api(endpoints.me()), fetchPortfolio()]);
    if (!(await current())) return;
    if (me.status === "fulfilled" && portfolio.status === "fulfilled") {
      const written = await writeCache(startedIn, {
        me: me.value,
        portfolio: portfolio.value,
        fetchedAt: host.now(),
        meReadAt: host.now(),
        error: null,
      });
      if (!written) return;
      await dashboardErrorItem.remove();
      await host.onHealthFactor(portfolio.value?.healthFactor ?? null);
      return;
    }
    const error = asMessageError(
      me.status === "rejected" ? me.reason : (portfolio as PromiseRejectedResult).reason,
    );
    const cached = await dashboardCacheItem.get();
    if (!cached) {
      await dashboardErrorItem.set(error);
      return;
    }
    // Every chain failing (503) still leaves /me's watch status, which says which chains are down and since
    // when: it is kept fresh beside the last good portfolio, whose own age (fetchedAt) stays as it was. The
    // portfolio's per-chain status is the watch's now (it is the newer word): left as last read, it would go on
    // saying "ok" for a chain that stopped answering, and every reader trusts the portfolio's list first.
    const watchChains = me.status === "fulfilled" ? me.value.watch?.chains : undefined;
    await writeCache(
      startedIn,
      me.status === "fulfilled"
        ? {
            ...cached,
            me: me.value,
            meReadAt: host.now(),
            error,
            portfolio:
              cached.portfolio && watchChains
                ? { ...cached.portfolio, chains: watchChains }
                : cached.portfolio,
          }
        : { ...cached, error },
    );
  };

  return {
    async refresh() {
      // Popups open and close quickly: concurrent refreshes of the same API share one round trip.
      const baseUrl = await host.baseUrl();
      if (inFlight?.baseUrl === baseUrl) return inFlight.promise;
      const promise = refreshOnce(generation).finally(() => {
        if (inFlight?.promise === promise) inFlight = null;
      });
      inFlight = { baseUrl, promise };
      return promise;
    },
    async applyPortfolio(portfolio) {
      const startedIn = generation;
      const cached = await dashboardCacheItem.get();
      if (!cached) return this.refresh();
      // A pushed portfolio may not carry the per-chain status: the last one known still holds until the next read.
      const chains =
        "chains" in portfolio ? (portfolio as DashboardPortfolio).chains : cached.portfolio?.chains;
      const written = await writeCache(startedIn, {
        ...cached,
        portfolio: { ...portfolio, chains },
        fetchedAt: host.now(),
        error: null,
      });
      if (written) await host.onHealthFactor(portfolio.healthFactor);
    },
    async clear() {
      generation += 1;
      inFlight = null;
      await dashboardCacheItem.remove();
      await dashboardErrorItem.remove();
      await host.onHealthFactor(null);
    },
    async healthFactor() {
      const cached = await dashboardCacheItem.get();
      return {
        portfolioKnown: Boolean(cached?.portfolio),
        healthFactor: cached?.portfolio?.healthFactor ?? null,
        updatedAt: cached?.fetchedAt ?? null,
        stale: cached ? isStale(cached, host.now()) : false,
      };
    },
  };
}

/** What the popup shows as a problem with the watch is what makes a figure shown elsewhere (the badge) stale. */
function isStale(cached: DashboardCache, now: number): boolean {
  if (cached.error !== null) return true;
  if (degradedChains(cached.portfolio?.chains, cached.me.watch).length > 0) return true;
  const beat = watchHeartbeat(cached, now);
  return beat !== null && beat.level !== "ok";
}
