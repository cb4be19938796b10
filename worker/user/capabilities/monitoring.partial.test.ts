import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Portfolio } from "../../../shared/schemas/portfolio";
import { DEFAULT_USER_SETTINGS } from "../../../shared/schemas/settings";
import type { StoredServerMessage } from "../../../shared/schemas/ws";
import type { Outcome } from "../../chain/upstreamOutcome";
import { openUserDb } from "../db";
import { MonitoringCapability } from "./monitoring";
import { OutboxCapability } from "./outbox";

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
        scanLiquidations: async () => ({ found: [], commit: () => {} }),
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
});
