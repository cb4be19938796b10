import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Portfolio } from "../../../../shared/schemas/portfolio";
import { riskForecastSchema } from "../../../../shared/schemas/risk";
import type { Outcome } from "../../../chain/upstreamOutcome";
import { marketObject, revertChainAfterEachTest, setPriceUsd } from "../../../test/devnet";
import { anvilAccount, call, seededSession } from "../../../test/helpers";

const BORROWER = anvilAccount(2); // 10 WETH, DAI debt, HF ≈ 1.30

revertChainAfterEachTest();

function portfolioOf(outcome: Outcome<Portfolio>): Portfolio {
  if (!outcome.ok) throw new Error(outcome.failure.message);
  return outcome.value;
}

function riskOf(portfolio: Portfolio) {
  if (portfolio.risk.status !== "ok") throw new Error(`no forecast: ${portfolio.risk.reason}`);
  return portfolio.risk;
}

describe("one price history for every forecast (devnet)", () => {
  it("a user who signed in a second ago gets the same full-history forecast as one watching for a while", async () => {
    // The old user has watched this position through price moves (each a new round in the chain's history).
    const old = env.USER.getByName(`old-user-${crypto.randomUUID()}`);
    await old.getPortfolio(BORROWER.address);
    for (const usd of [3300, 3380, 3350]) {
      await setPriceUsd("WETH", usd);
      await marketObject().pollPrices(31337);
      await old.refreshPortfolio();
      await old.getPortfolio(BORROWER.address);
    }
    await old.refreshPortfolio();
    const oldRisk = riskOf(portfolioOf(await old.getPortfolio(BORROWER.address)));

    // A user object created now, for the same position.
    const fresh = env.USER.getByName(`new-user-${crypto.randomUUID()}`);
    const newRisk = riskOf(portfolioOf(await fresh.getPortfolio(BORROWER.address)));

    expect(newRisk.probability).toBe(oldRisk.probability);
    expect(newRisk.drivers).toEqual(oldRisk.drivers);
    // Full history, not the prior: no "limited history" for either.
    expect(newRisk.drivers.some((d) => /typical volatility assumed/.test(d))).toBe(false);
    // Neither object keeps prices of its own.
    for (const stub of [old, fresh]) {
      const tables = await runInDurableObject(stub, (_instance, state) =>
        state.storage.sql
          .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
          .toArray()
          .map((row) => row.name),
      );
      expect(tables).not.toContain("price_samples");
    }
  });

  it("POST /risk/forecast (the pre-sign preview's call) gives the dashboard's number for the same position", async () => {
    const session = await seededSession(BORROWER);
    const portfolio = (await (await call("/portfolios", { token: session.token })).json()) as Portfolio;
    const account = portfolio.aave.find((a) => a.healthFactor !== null)!;
    const response = await call("/risk/forecast", {
      method: "POST",
      token: session.token,
      json: {
        positions: { supplies: account.supplies, borrows: account.borrows },
        health_factor: account.healthFactor,
        horizon: "24h",
      },
    });
    expect(response.status).toBe(200);
    const forecast = riskForecastSchema.parse(await response.json());
    const dashboard = riskOf(portfolio);
    expect(forecast.probability).toBe(dashboard.probability);
    expect(forecast.drivers).toEqual(dashboard.drivers);
    expect(forecast.drivers.some((d) => /typical volatility assumed/.test(d))).toBe(false);
  });
  it("a check's market view is one request: the snapshot and its history, the history left out while the caller holds it", async () => {
    const market = marketObject();
    const view = await market.marketView(31337);
    if (!view.market.ok || !view.history.ok || view.history.value === null) throw new Error("no market view");
    expect(view.history.value).toEqual(await market.priceHistory(31337));
    const snapshot = await market.aaveMarket(31337);
    expect(snapshot.ok && snapshot.value.value.reserves).toEqual(view.market.value.value.reserves);

    const held = await market.marketView(31337, view.history.key);
    expect(held.history).toEqual({ ok: true, key: view.history.key, value: null });

    // A new round moves the history: the one held is out of date and the new one comes back in full.
    await setPriceUsd("WETH", 2900);
    await market.invalidate();
    const moved = await market.marketView(31337, view.history.key);
    if (!moved.history.ok || moved.history.value === null)
      throw new Error("the moved history did not come back");
    expect(moved.history.key).not.toBe(view.history.key);
    expect(moved.history.value.ETH?.at(-1)?.price).toBe(2900);
  });
});
