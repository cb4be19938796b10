import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { DashboardCache } from "../lib/storage/dashboardCache";
import { watchStoppedItem } from "../lib/storage/watchAlerts";
import { FIXTURE_NOW, meFixture, WATCHED } from "../lib/watch/watch.fixture";
import { createWatchAlerts } from "./watchAlerts";

const HOUR = 3_600_000;
let now = FIXTURE_NOW;
let shown: string[] = [];
let cleared: string[] = [];
const alerts = () =>
  createWatchAlerts({
    now: () => now,
    notify: async (_key, title) => {
      shown.push(title);
    },
    clear: async (key) => {
      cleared.push(key);
    },
  });
const cache = (me: DashboardCache["me"]): DashboardCache => ({
  me,
  portfolio: null,
  fetchedAt: now,
  error: null,
});
const healthy = { address: WATCHED, refreshExpiresAt: FIXTURE_NOW + 29 * 24 * HOUR };

beforeEach(() => {
  fakeBrowser.reset();
  now = FIXTURE_NOW;
  shown = [];
  cleared = [];
});

describe("watch alerts", () => {
  it("notifies once when checks go stale, again only after they recovered and went stale again", async () => {
    const watch = alerts();
    await watch.check({ ...healthy, cache: cache(meFixture({ lastCheckMinutesAgo: 1 })) });
    expect(shown).toEqual([]);
    await watch.check({ ...healthy, cache: cache(meFixture({ lastCheckMinutesAgo: 5 })) });
    await watch.check({ ...healthy, cache: cache(meFixture({ lastCheckMinutesAgo: 12 })) });
    expect(shown).toEqual(["Vigil last checked 0x3C44…93BC 5 min ago"]);
    await watch.check({ ...healthy, cache: cache(meFixture({ lastCheckMinutesAgo: 1 })) });
    // Checks are back: the stale card goes, and that they are back is told once.
    expect(cleared).toEqual([`stale:${WATCHED}`]);
    await watch.check({ ...healthy, cache: cache(meFixture({ lastCheckMinutesAgo: 1 })) });
    expect(shown).toEqual([
      "Vigil last checked 0x3C44…93BC 5 min ago",
      "Vigil is checking 0x3C44…93BC again",
    ]);
    await watch.check({ ...healthy, cache: cache(meFixture({ lastCheckMinutesAgo: 6 })) });
    expect(shown).toHaveLength(3);
    // Stale again: the "again" card, now false, goes.
    expect(cleared).toEqual([`stale:${WATCHED}`, `back:stale:${WATCHED}`]);
  });

  it("judges lateness as of when /me was read: a 10 s watch read 4 min ago, with pushes since, is not stale", async () => {
    const watch = alerts();
    // As the server answers while a socket is open: a check every 10 s, the last one 5 s before the read.
    const me = meFixture({ lastCheckMinutesAgo: 5 / 60 });
    const live = { ...me, watch: { ...me.watch!, intervalSeconds: 10 } };
    const readAt = now;
    now += 4 * 60_000; // the watchdog ticks; pushed portfolios moved fetchedAt, /me was not read again
    await watch.check({ ...healthy, cache: { ...cache(live), fetchedAt: now, meReadAt: readAt } });
    expect(shown).toEqual([]);
    // Read late already (the last check 2 min before the read, at 10 s intervals): stale, whatever the pushes.
    const late = {
      ...meFixture({ lastCheckMinutesAgo: 6 }),
      watch: { ...live.watch, lastCheckAt: new Date(readAt - 2 * 60_000).toISOString() },
    };
    await watch.check({ ...healthy, cache: { ...cache(late), fetchedAt: now, meReadAt: readAt } });
    expect(shown).toEqual(["Vigil last checked 0x3C44…93BC 6 min ago"]);
  });

  it("tells once when a chain holding positions cannot be read for 10 minutes, and clears it when it answers", async () => {
    const watch = alerts();
    const down = meFixture({ unavailableChain: 1 }); // unavailable since 12 min ago
    const holding = (me: DashboardCache["me"], chains: number[]): DashboardCache => ({
      ...cache(me),
      portfolio: {
        userAddress: WATCHED,
        asOf: [],
        cache: { market: { hit: false, ageSeconds: 0 }, positions: { hit: false, ageSeconds: 0 } },
        totals: { collateralUsd: 0, debtUsd: 0, restakedUsd: 0, netWorthUsd: 0 },
        healthFactor: 1.5,
        aave: chains.map((chainId) => ({
          protocol: "aave-v3" as const,
          chainId,
          pool: "0x0000000000000000000000000000000000000001",
          healthFactor: 1.5,
          healthFactorRaw: "1500000000000000000",
          totalCollateralUsd: 0,
          totalDebtUsd: 0,
          availableBorrowsUsd: 0,
          ltv: 0.8,
          currentLiquidationThreshold: 0.83,
          eModeCategoryId: 0,
          isolationMode: false,
          supplies: [],
          borrows: [],
        })),
        eigenLayer: [],
        risk: { status: "unavailable", reason: "test" },
        stale: [],
      },
    });
    // A chain without positions there (as last read) is not news.
    await watch.check({ ...healthy, cache: holding(down, [31337]) });
    expect(shown).toEqual([]);
    await watch.check({ ...healthy, cache: holding(down, [31337, 1]) });
    await watch.check({ ...healthy, cache: holding(down, [31337, 1]) });
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(/^Vigil cannot read .+ since \d\d:\d\d$/);
    await watch.check({ ...healthy, cache: holding(meFixture(), [31337, 1]) });
    await watch.check({ ...healthy, cache: holding(meFixture(), [31337, 1]) });
    expect(cleared).toEqual([`chain:${WATCHED}:1`]);
    expect(shown).toHaveLength(2);
    expect(shown[1]).toMatch(/^Vigil reads .+ again$/);
  });

  it("folds a chain down and a socket down into the one stale notice when checks have stopped altogether", async () => {
    const watch = alerts();
    const staleAndDown = { ...meFixture({ lastCheckMinutesAgo: 12, unavailableChain: 31337 }) };
    await watch.check({ ...healthy, cache: cache(staleAndDown), notLiveSince: now - 20 * 60_000 });
    expect(shown).toEqual(["Vigil last checked 0x3C44…93BC 12 min ago"]);
    // Checks resume while the chain is still down and the socket still off: each is its own news now.
    await watch.check({
      ...healthy,
      cache: cache(meFixture({ unavailableChain: 31337 })),
      notLiveSince: now - 20 * 60_000,
    });
    expect(cleared).toEqual([`stale:${WATCHED}`]);
    expect(shown.slice(1)).toEqual([
      expect.stringMatching(/^Vigil cannot read .+ since \d\d:\d\d$/),
      expect.stringMatching(/^Live alerts are not reaching this browser since/),
      "Vigil is checking 0x3C44…93BC again",
    ]);
  });

  it("tells once when live alerts have not reached the browser for 5 minutes", async () => {
    const watch = alerts();
    await watch.check({ ...healthy, cache: cache(meFixture()), notLiveSince: now - 4 * 60_000 });
    expect(shown).toEqual([]);
    await watch.check({ ...healthy, cache: cache(meFixture()), notLiveSince: now - 6 * 60_000 });
    await watch.check({ ...healthy, cache: cache(meFixture()), notLiveSince: now - 7 * 60_000 });
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(/^Live alerts are not reaching this browser since/);
    await watch.check({ ...healthy, cache: cache(meFixture()), notLiveSince: null });
    await watch.check({ ...healthy, cache: cache(meFixture()), notLiveSince: null });
    expect(cleared).toEqual([`live:${WATCHED}`]);
    expect(shown).toEqual([expect.any(String), "Live alerts reach this browser again"]);
  });

  it("warns once before the session ends when it is not being renewed", async () => {
    const watch = alerts();
    const ending = { address: WATCHED, refreshExpiresAt: FIXTURE_NOW + 20 * HOUR, cache: null };
    await watch.check(ending);
    now += HOUR;
    await watch.check(ending);
    expect(shown).toEqual(["Vigil will stop watching 0x3C44…93BC in 20 h"]);
  });

  it("tells when the server stopped watching, and does not repeat it when the session then ends here", async () => {
    const watch = alerts();
    await watch.check({ ...healthy, cache: cache(meFixture({ sessionActive: false })) });
    await watch.check({ ...healthy, cache: cache(meFixture({ sessionActive: false })) });
    await watch.stopped(WATCHED);
    expect(shown).toEqual(["Vigil stopped watching 0x3C44…93BC: sign in again"]);
    expect(await watchStoppedItem.get()).toEqual({ address: WATCHED, at: FIXTURE_NOW });
  });

  it("tells when the session ended here, and forgets it all on the next sign-in", async () => {
    const watch = alerts();
    await watch.stopped(WATCHED);
    expect(shown).toEqual(["Vigil stopped watching 0x3C44…93BC: sign in again"]);
    await watch.reset();
    expect(await watchStoppedItem.get()).toBeNull();
    expect(cleared).toEqual([`stopped:${WATCHED}`]);
    await watch.stopped(WATCHED);
    expect(shown).toHaveLength(2);
  });
});

describe("a session that vanished", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    shown = [];
    cleared = [];
  });

  it("tells once on the next start when the session is gone without a sign-out (the browser closed)", async () => {
    await alerts().watching(WATCHED);
    // The browser restarted: storage.session (the session) is empty, local storage remembers the account.
    const restarted = alerts();
    await restarted.sessionGone();
    await restarted.sessionGone();
    expect(shown).toEqual(["Vigil stopped watching 0x3C44…93BC: sign in again"]);
    expect(await watchStoppedItem.get()).toEqual({ address: WATCHED, at: FIXTURE_NOW });
  });

  it("says nothing after the user signed out on purpose, nor when nothing was watched", async () => {
    const watch = alerts();
    await watch.sessionGone();
    await watch.watching(WATCHED);
    await watch.reset();
    await watch.sessionGone();
    expect(shown).toEqual([]);
  });
});
