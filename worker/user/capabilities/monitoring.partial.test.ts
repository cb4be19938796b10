import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Portfolio } from "../../../shared/schemas/portfolio";
import { DEFAULT_USER_SETTINGS } from "../../../shared/schemas/settings";
import type { Liquidation, StoredServerMessage } from "../../../shared/schemas/ws";
import type { Outcome } from "../../chain/upstreamOutcome";
import { openUserDb } from "../db";
import type { LiquidationScan } from "./alerts/liquidationWatch";
import { MONITORING_INTERVAL_MS, MonitoringCapability } from "./monitoring";
import { OutboxCapability } from "./outbox";
import { HEARTBEAT_INTERVAL_MS } from "./wake";

const USER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const NOW = Date.UTC(2026, 10, 30, 12);

/** A portfolio whose only account is on `chainId`, read at HF `healthFactor`; `down` chains are unavailable. */
function portfolioOn(chainId: number, healthFactor: number | null, down: number[]): Portfolio {
  const iso = new Date(NOW).toISOString();
  return {
    userAddress: USER,
    asOf: [],
    cache: { market: { hit: false, ageSeconds: 0 }, positions: { hit: false, ageSeconds: 0 } },
    totals: { collateralUsd: 0, debtUsd: 0, restakedUsd: 0, netWorthUsd: 0 },
    healthFactor,
    aave: [],
    eigenLayer: [],
    risk: { status: "unavailable", reason: "test" },
    chains: [chainId, ...down].map((id) => ({
      chainId: id,
      status: down.includes(id) ? ("unavailable" as const) : ("ok" as const),
      since: iso,
      dataAsOf: iso,
    })),
    stale: [],
  };
}

describe("monitoring with a chain down", () => {
  it("keeps an alert raised on a chain that stopped answering; clears it once that chain reads healthy", async () => {
    const stub = env.USER.getByName(`monitoring-partial-${crypto.randomUUID()}`);
    const alerts = await runInDurableObject(stub, async (_instance, state) => {
      const db = openUserDb(state.storage);
      const host = { db, now: () => NOW, newId: () => crypto.randomUUID(), log: () => {} };
      const outbox = new OutboxCapability(host);
      let next: Outcome<Portfolio> = { ok: true, value: portfolioOn(31337, 1.05, []) };
      const monitoring = new MonitoringCapability({
        ...host,
        portfolio: async () => next,
        settings: () => DEFAULT_USER_SETTINGS,
        socketCount: () => 1,
        hasDebt: () => true,
        scanLiquidations: async () => ({ found: [], retracted: [], complete: true, commit: () => {} }),
        invalidatePortfolio: () => {},
        notify: (type, payload) => outbox.append(type, payload),
        watchPrices: async () => {},
      });
      monitoring.watch(USER);
      await monitoring.check(); // HF 1.05 on 31337: raised
      // 31337 stops answering; chain 10 answers with no debt (HF null): that says nothing about 31337.
      next = { ok: true, value: portfolioOn(10, null, [31337]) };
      await monitoring.check();
      const whileDown = monitoring.openAlert();
      // 31337 answers again, healthy: cleared.
      next = { ok: true, value: portfolioOn(31337, 2, []) };
      await monitoring.check();
      return {
        whileDown,
        after: monitoring.openAlert(),
        states: outbox
          .since(0)
          .entries.filter(
            (m): m is Extract<StoredServerMessage, { type: "risk_alert" }> => m.type === "risk_alert",
          )
          .map((m) => m.payload.state),
      };
    });
    expect(alerts.whileDown).toMatchObject({ chainId: null, reason: "health_factor" });
    expect(alerts.states).toEqual(["raised", "cleared"]);
    expect(alerts.after).toBeNull();
  });

  it("says nothing is over while the liquidation scan cannot finish, and scans again at the next tick", async () => {
    const stub = env.USER.getByName(`monitoring-partial-${crypto.randomUUID()}`);
    const result = await runInDurableObject(stub, async (_instance, state) => {
      const db = openUserDb(state.storage);
      let clock = NOW;
      const host = { db, now: () => clock, newId: () => crypto.randomUUID(), log: () => {} };
      const outbox = new OutboxCapability(host);
      let next: Outcome<Portfolio> = { ok: true, value: portfolioOn(31337, 1.05, []) };
      let scanComplete = true;
      let scans = 0;
      const monitoring = new MonitoringCapability({
        ...host,
        portfolio: async () => next,
        settings: () => DEFAULT_USER_SETTINGS,
        // Idle and woken on need: without a pending scan the loop would sleep an hour and not scan.
        socketCount: () => 0,
        wokenOnNeed: () => true,
        hasDebt: () => true,
        scanLiquidations: async () => {
          scans++;
          return { found: [], retracted: [], complete: scanComplete, commit: () => {} };
        },
        invalidatePortfolio: () => {},
        notify: (type, payload) => outbox.append(type, payload),
        watchPrices: async () => {},
      });
      monitoring.watch(USER);
      await monitoring.check({ positionsChanged: true }); // HF 1.05: raised
      // HF back to 2 (what a liquidation leaves behind, too) while the logs cannot be read: not "recovered".
      next = { ok: true, value: portfolioOn(31337, 2, []) };
      scanComplete = false;
      await monitoring.check({ positionsChanged: true });
      const held = { open: monitoring.openAlert(), interval: monitoring.intervalMs(), scans };
      // Still failing 11 min later (a chain down for long): the hourly heartbeat retries, not every 10 s.
      clock += 11 * 60_000;
      await monitoring.check();
      const longOutage = { open: monitoring.openAlert(), interval: monitoring.intervalMs() };
      // The next tick scans again by itself; it reads every chain: now it is over.
      scanComplete = true;
      await monitoring.check();
      return {
        held,
        longOutage,
        scans,
        after: monitoring.openAlert(),
        interval: monitoring.intervalMs(),
        states: outbox
          .since(0)
          .entries.filter(
            (m): m is Extract<StoredServerMessage, { type: "risk_alert" }> => m.type === "risk_alert",
          )
          .map((m) => m.payload.state),
      };
    });
    expect(result.held.open).toMatchObject({ reason: "health_factor" });
    expect(result.held.interval).toBe(MONITORING_INTERVAL_MS); // retried within 10 s, not in an hour
    expect(result.longOutage.open).toMatchObject({ reason: "health_factor" });
    expect(result.longOutage.interval).toBe(HEARTBEAT_INTERVAL_MS);
    expect(result.scans).toBe(result.held.scans + 2);
    expect(result.states).toEqual(["raised", "cleared"]);
    expect(result.after).toBeNull();
    expect(result.interval).toBe(HEARTBEAT_INTERVAL_MS);
  });
});

describe("monitoring: a chain's status is news", () => {
  it("pushes the portfolio when a chain stops and starts answering, though its figures hold; once each", async () => {
    const stub = env.USER.getByName(`monitoring-status-${crypto.randomUUID()}`);
    const pushed = await runInDurableObject(stub, async (_instance, state) => {
      const db = openUserDb(state.storage);
      const host = { db, now: () => NOW, newId: () => crypto.randomUUID(), log: () => {} };
      const outbox = new OutboxCapability(host);
      // The same figures throughout: chain 10's last good data is served while it is down.
      let down: number[] = [];
      const monitoring = new MonitoringCapability({
        ...host,
        portfolio: async () => ({ ok: true, value: portfolioOn(31337, 2, down) }),
        settings: () => DEFAULT_USER_SETTINGS,
        socketCount: () => 1,
        hasDebt: () => true,
        scanLiquidations: async () => ({ found: [], retracted: [], complete: true, commit: () => {} }),
        invalidatePortfolio: () => {},
        notify: (type, payload) => outbox.append(type, payload),
        watchPrices: async () => {},
      });
      monitoring.watch(USER);
      const statuses = () =>
        outbox
          .since(0)
          .entries.flatMap((m) =>
            m.type === "portfolio_update"
              ? [(m.payload.portfolio.chains ?? []).map((c) => `${c.chainId} ${c.status}`).join(", ")]
              : [],
          );
      await monitoring.check();
      down = [10];
      await monitoring.check();
      await monitoring.check();
      down = [];
      await monitoring.check();
      await monitoring.check();
      return statuses();
    });
    expect(pushed).toEqual(["31337 ok", "31337 ok, 10 unavailable", "31337 ok"]);
  });
});

describe("monitoring: a liquidation a reorganisation undid", () => {
  it("tells it undone once, and the position's true step (still liquidatable) is raised again", async () => {
    const stub = env.USER.getByName(`monitoring-reorg-${crypto.randomUUID()}`);
    const liquidation: Liquidation = {
      txHash: `0x${"ab".repeat(32)}`,
      logIndex: 3,
      blockNumber: "1234",
      at: NOW,
      collateralSeized: { symbol: "WETH", asset: USER, amount: "1.05", usd: 2_100 },
      debtRepaid: { symbol: "DAI", asset: USER, amount: "2000", usd: 2_000 },
      bonusUsd: 100,
      liquidator: USER,
    };
    const messages = await runInDurableObject(stub, async (_instance, state) => {
      const db = openUserDb(state.storage);
      const host = { db, now: () => NOW, newId: () => crypto.randomUUID(), log: () => {} };
      const outbox = new OutboxCapability(host);
      const scans: LiquidationScan[] = [
        { found: [{ chainId: 31337, liquidation }], retracted: [], complete: true, commit: () => {} },
        { found: [], retracted: [{ chainId: 31337, liquidation }], complete: true, commit: () => {} },
      ];
      const monitoring = new MonitoringCapability({
        ...host,
        portfolio: async () => ({ ok: true, value: portfolioOn(31337, 0.97, []) }),
        settings: () => DEFAULT_USER_SETTINGS,
        socketCount: () => 1,
        hasDebt: () => true,
        scanLiquidations: async () =>
          scans.shift() ?? { found: [], retracted: [], complete: true, commit: () => {} },
        invalidatePortfolio: () => {},
        notify: (type, payload) => outbox.append(type, payload),
        watchPrices: async () => {},
      });
      monitoring.watch(USER);
      await monitoring.check(); // the liquidation is told
      await monitoring.check(); // it was reorganised away: undone, and HF 0.97 is liquidatable
      await monitoring.check(); // nothing new
      return outbox
        .since(0)
        .entries.map((m) =>
          m.type === "risk_alert"
            ? `risk_alert ${m.payload.state} ${m.payload.severity}${m.payload.quiet ? " quiet" : ""}`
            : m.type === "notification"
              ? `notification ${m.payload.title}${m.payload.liquidationUndone ? ` ${JSON.stringify(m.payload.liquidationUndone)}` : ""}`
              : m.type,
        );
    });
    expect(messages.filter((m) => m !== "portfolio_update")).toEqual([
      "risk_alert raised liquidated",
      // Which liquidation is undone, so a client showing it can take it back.
      `notification Liquidation undone by a chain reorganisation ${JSON.stringify({ chainId: 31337, txHash: liquidation.txHash, logIndex: 3 })}`,
      "risk_alert raised warning quiet", // the current step, stored for a browser that was away
      "risk_alert raised liquidatable",
    ]);
  });
});
