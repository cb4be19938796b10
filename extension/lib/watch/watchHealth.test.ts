import { describe, expect, it } from "vitest";
import { chainStatusSchema } from "../../../shared/schemas/watchStatus";
import { FIXTURE_NOW, meFixture, minutesAgo } from "./watch.fixture";
import { apiActionBlock, apiHealth, degradedChains, heartbeat, sessionOutlook } from "./watchHealth";

const HOUR = 3_600_000;

describe("heartbeat", () => {
  it("is ok within 3 intervals, amber past 3, red past 10", () => {
    expect(heartbeat(meFixture({ lastCheckMinutesAgo: 3 }).watch, FIXTURE_NOW)?.level).toBe("ok");
    expect(heartbeat(meFixture({ lastCheckMinutesAgo: 4 }).watch, FIXTURE_NOW)?.level).toBe("amber");
    expect(heartbeat(meFixture({ lastCheckMinutesAgo: 10 }).watch, FIXTURE_NOW)?.level).toBe("amber");
    expect(heartbeat(meFixture({ lastCheckMinutesAgo: 11 }).watch, FIXTURE_NOW)?.level).toBe("red");
  });

  it("keeps ageing with the clock when the API stops answering (the cached status goes red by itself)", () => {
    const watch = meFixture({ lastCheckMinutesAgo: 1 }).watch;
    expect(heartbeat(watch, FIXTURE_NOW)?.level).toBe("ok");
    expect(heartbeat(watch, FIXTURE_NOW + 30 * 60_000)?.level).toBe("red");
  });

  it("is red and stopped when the server watches no chain, and ok before the first check", () => {
    expect(heartbeat(meFixture({ watching: false }).watch, FIXTURE_NOW)).toEqual({
      level: "red",
      lastCheckAt: FIXTURE_NOW - 60_000,
      stopped: true,
    });
    expect(heartbeat(meFixture({ lastCheckMinutesAgo: null }).watch, FIXTURE_NOW)?.level).toBe("ok");
  });

  it("is not stopped while signed in with nothing scheduled (no debt, no open dashboard), even long after a check", () => {
    expect(heartbeat(meFixture({ idle: true, lastCheckMinutesAgo: 600 }).watch, FIXTURE_NOW)).toEqual({
      level: "ok",
      lastCheckAt: FIXTURE_NOW - 600 * 60_000,
      stopped: false,
    });
  });

  it("says nothing for an API that does not send the watch status yet", () => {
    expect(heartbeat(meFixture({ withWatch: false }).watch, FIXTURE_NOW)).toBeNull();
  });
});

describe("degraded chains", () => {
  it("lists unavailable chains, the portfolio's status overriding /me's for the same chain", () => {
    const watch = meFixture({ unavailableChain: 1 }).watch;
    expect(degradedChains(undefined, watch).map((c) => c.chainId)).toEqual([1]);
    const recovered = [chainStatusSchema.parse({ chainId: 1, status: "ok", since: minutesAgo(0) })];
    expect(degradedChains(recovered, watch)).toEqual([]);
    const portfolioSays = [
      chainStatusSchema.parse({ chainId: 8453, status: "unavailable", since: minutesAgo(2) }),
    ];
    expect(degradedChains(portfolioSays, meFixture().watch).map((c) => c.chainId)).toEqual([8453]);
  });
});

describe("session outlook", () => {
  it("warns when the session ends within a day, not before", () => {
    expect(sessionOutlook({ refreshExpiresAt: FIXTURE_NOW + 25 * HOUR }, FIXTURE_NOW).endingAt).toBeNull();
    expect(sessionOutlook({ refreshExpiresAt: FIXTURE_NOW + 23 * HOUR }, FIXTURE_NOW).endingAt).toBe(
      FIXTURE_NOW + 23 * HOUR,
    );
  });

  it("is stopped when the server holds no valid session", () => {
    const me = meFixture({ sessionActive: false });
    expect(
      sessionOutlook({ refreshExpiresAt: FIXTURE_NOW + 48 * HOUR, serverSession: me.session }, FIXTURE_NOW),
    ).toEqual({ stopped: true, endingAt: null });
  });
});

describe("API health for the footer", () => {
  it("is down for no answer or a failing API, chains-down when only the RPC fails, ok otherwise", () => {
    expect(apiHealth({ status: 0, code: "network" })).toBe("apiDown");
    expect(apiHealth({ status: 500, code: "internal" })).toBe("apiDown");
    expect(apiHealth({ status: 503, code: "upstream_unavailable" })).toBe("chainsDown");
    expect(apiHealth({ status: 404, code: "not_found" })).toBe("ok");
    expect(apiHealth(null)).toBe("ok");
  });
});

describe("apiActionBlock", () => {
  it("blocks actions that need the API while it does not answer or fails on its own", () => {
    const reason = "Vigil’s server is not answering. This works again once it is back.";
    expect(apiActionBlock({ status: 0, code: "network" })).toBe(reason);
    expect(apiActionBlock({ status: 500, code: "internal" })).toBe(reason);
    expect(apiActionBlock({ code: "timeout" })).toBe(reason);
  });

  it("lets them run when the API answers, even if a chain's RPC is failing", () => {
    expect(apiActionBlock(null)).toBeNull();
    expect(apiActionBlock({ status: 503, code: "upstream_unavailable" })).toBeNull();
    expect(apiActionBlock({ status: 404, code: "not_found" })).toBeNull();
  });
});
