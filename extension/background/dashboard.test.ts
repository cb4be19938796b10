import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { ApiError } from "../lib/api/apiError";
import { dashboardCacheItem } from "../lib/storage/dashboardCache";
import { FIXTURE_NOW, meFixture } from "../lib/watch/watch.fixture";
import { degradedChains } from "../lib/watch/watchHealth";
import type { ApiClient, ApiRequest } from "./apiClient";
import { createDashboard } from "./dashboard";

/** The API's answers per path, changed between refreshes; an Error is thrown as the API's failure. */
let answers: Record<string, unknown> = {};
const api = (async (request: ApiRequest<never>) => {
  const answer = answers[request.path];
  if (answer instanceof Error) throw answer;
  return answer;
}) as ApiClient;

let now = 1_000;
const dashboard = () =>
  createDashboard({
    api,
    baseUrl: async () => "http://127.0.0.1:8787",
    signedIn: async () => true,
    now: () => now,
    onHealthFactor: async () => undefined,
  });

const noPortfolioYet = new ApiError(404, "not_found", "none");
const everyChainDown = new ApiError(503, "upstream_unavailable", "No chain could be read.");

describe("dashboard refresh", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    now = 1_000;
  });

  it("keeps /me's watch status fresh when every chain fails, beside the last good data and its age", async () => {
    answers = { "/me": meFixture(), "/portfolios": noPortfolioYet };
    await dashboard().refresh();
    expect(await dashboardCacheItem.get()).toMatchObject({ fetchedAt: 1_000, meReadAt: 1_000, error: null });

    now = 5_000;
    answers = { "/me": meFixture({ unavailableChain: 1 }), "/portfolios": everyChainDown };
    await dashboard().refresh();
    const cached = await dashboardCacheItem.get();
    expect(cached?.me.watch?.chains.find((c) => c.chainId === 1)?.status).toBe("unavailable");
    expect(cached?.fetchedAt).toBe(1_000);
    expect(cached?.meReadAt).toBe(5_000); // the watch status is as fresh as its read
    expect(cached?.error).toEqual({
      code: "upstream_unavailable",
      message: "No chain could be read.",
      status: 503,
    });
  });

  it("marks a chain the last good portfolio read as ok unavailable once /me says so (every chain failing)", async () => {
    now = FIXTURE_NOW;
    const readOk = {
      userAddress: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
      asOf: [],
      cache: { market: { hit: false, ageSeconds: 0 }, positions: { hit: false, ageSeconds: 0 } },
      totals: { collateralUsd: 10, debtUsd: 5, restakedUsd: 0, netWorthUsd: 5 },
      healthFactor: 1.5,
      aave: [],
      eigenLayer: [],
      risk: { status: "unavailable", reason: "test" },
      stale: [],
      chains: [{ chainId: 1, status: "ok", since: new Date(FIXTURE_NOW - 60_000).toISOString() }],
    };
    answers = { "/me": meFixture(), "/portfolios": readOk };
    await dashboard().refresh();
    expect(degradedChains((await dashboardCacheItem.get())?.portfolio?.chains, meFixture().watch)).toEqual(
      [],
    );

    now = FIXTURE_NOW + 30_000;
    answers = { "/me": meFixture({ unavailableChain: 1 }), "/portfolios": everyChainDown };
    await dashboard().refresh();
    const cached = await dashboardCacheItem.get();
    expect(cached?.portfolio?.totals.netWorthUsd).toBe(5); // the last good figures stay, with their age
    expect(cached?.fetchedAt).toBe(FIXTURE_NOW);
    expect(cached?.portfolio?.chains?.find((c) => c.chainId === 1)?.status).toBe("unavailable");
    expect(degradedChains(cached?.portfolio?.chains, cached?.me.watch).map((c) => c.chainId)).toEqual([1]);
  });

  it("calls the badge's figure stale while the last refresh failed or a chain is unavailable, fresh once it works", async () => {
    now = FIXTURE_NOW;
    answers = { "/me": meFixture(), "/portfolios": noPortfolioYet };
    await dashboard().refresh();
    expect(await dashboard().healthFactor()).toMatchObject({ stale: false });
    answers = { "/me": meFixture({ unavailableChain: 1 }), "/portfolios": everyChainDown };
    await dashboard().refresh();
    expect(await dashboard().healthFactor()).toMatchObject({ stale: true });
    answers = {
      "/me": new ApiError(0, "network", "down"),
      "/portfolios": new ApiError(0, "network", "down"),
    };
    await dashboard().refresh();
    expect(await dashboard().healthFactor()).toMatchObject({ stale: true });
    answers = { "/me": meFixture(), "/portfolios": noPortfolioYet };
    await dashboard().refresh();
    expect(await dashboard().healthFactor()).toMatchObject({ stale: false });
  });

  it("keeps the cached /me when /me itself fails", async () => {
    answers = { "/me": meFixture({ lastCheckMinutesAgo: 1 }), "/portfolios": noPortfolioYet };
    await dashboard().refresh();
    answers = { "/me": new ApiError(0, "network", "down"), "/portfolios": noPortfolioYet };
    now = 9_000;
    await dashboard().refresh();
    const cached = await dashboardCacheItem.get();
    expect(cached?.me.watch?.lastCheckAt).toBe(meFixture({ lastCheckMinutesAgo: 1 }).watch?.lastCheckAt);
    expect(cached?.meReadAt).toBe(1_000); // not read again: judged as of the old read
    expect(cached?.error?.code).toBe("network");
  });

  it("leaves nothing cached when a sign-out clears the dashboard while a refresh is writing", async () => {
    answers = { "/me": meFixture(), "/portfolios": noPortfolioYet };
    let checks = 0;
    let clearing: Promise<void> | undefined;
    const racing = createDashboard({
      api,
      baseUrl: async () => "http://127.0.0.1:8787",
      // The refresh's last check before writing: the user signs out right then.
      signedIn: async () => {
        checks += 1;
        if (checks === 2) clearing = racing.clear();
        return true;
      },
      now: () => now,
      onHealthFactor: async () => undefined,
    });
    await racing.refresh();
    await clearing;
    expect(checks).toBe(2);
    expect(await dashboardCacheItem.get()).toBeNull();
  });
});
