import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Portfolio } from "../../../shared/schemas/portfolio";
import type { RiskAlertPayload } from "../../../shared/schemas/ws";
import { chain, marketObject, revertChainAfterEachTest, setPriceUsd } from "../../test/devnet";
import { anvilAccount, call, seededSession } from "../../test/helpers";
import { openSocket, type TestSocket } from "../../test/sockets";
import { runTaskNow } from "../../test/taskNow";
import type { TestUserDurableObject } from "../../test/testObjects";
import { ALERT_HYSTERESIS, decideAlert, type OpenAlert } from "./monitoring";

const BORROWER = 2; // 10 WETH collateral, DAI debt, HF ≈ 1.30: HF moves in proportion to the WETH price
const market = marketObject;

revertChainAfterEachTest();

async function setWethPrice(usd: number): Promise<void> {
  await setPriceUsd("WETH", usd);
  // The per-block path: the market object sees the new block, re-reads once and calls its watchers back.
  await market().pollPrices(31337);
}

/** One monitoring tick through the real alarm (made due first: ticks are 10 s apart). */
async function tick(stub: DurableObjectStub<TestUserDurableObject>): Promise<void> {
  expect(await runTaskNow(stub, "monitoring")).toBe(true);
}

const alerts = (client: TestSocket): RiskAlertPayload[] =>
  client.received.flatMap((m) => (m.type === "risk_alert" ? [m.payload] : []));
const updates = (client: TestSocket): Portfolio[] =>
  client.received.flatMap((m) => (m.type === "portfolio_update" ? [m.payload.portfolio] : []));

describe("monitoring (devnet)", () => {
  it("a price drop raises ONE risk_alert over several ticks, hovering does not re-alert, recovery clears it", async () => {
    const session = await seededSession(anvilAccount(BORROWER));
    const stub = env.USER.getByName(session.user.id);
    const threshold = 1.2;
    const saved = await call("/me/settings", {
      method: "PUT",
      token: session.token,
      json: { alertThreshold: threshold },
    });
    expect(saved.status).toBe(200);
    const start = (await (await call("/portfolios", { token: session.token })).json()) as Portfolio;
    const hf0 = start.healthFactor!;
    const weth0 = start.aave[0]!.supplies.find((s) => s.symbol === "WETH")!.priceUsd;
    expect(hf0).toBeGreaterThan(threshold * (1 + ALERT_HYSTERESIS.healthFactor));

    const client = await openSocket(session.token, { client: "test" });
    await tick(stub);
    await expect.poll(() => updates(client).length).toBeGreaterThanOrEqual(1);
    // Earlier files may have left this user's object with an alert open (its loop runs between files):
    // the first tick at the restored price clears it. Count from a clean state.
    expect((await stub.monitoringStatus()).openAlert).toBeNull();
    client.received.splice(0, client.received.length);
    const hfAt = (target: number) => (weth0 * target) / hf0;
    const readsBefore = (await market().priceWatchStats())?.marketReads ?? 0;
    const headBefore = await chain.getBlockNumber();

    // Drop: HF ≈ 1.10, under the threshold. Several ticks and pushes later, still one alert.
    await setWethPrice(hfAt(1.1));
    for (let i = 0; i < 3; i++) await tick(stub);
    await expect.poll(() => alerts(client).length).toBe(1);
    const raised = alerts(client)[0]!;
    expect(raised).toMatchObject({ state: "raised", reason: "health_factor", threshold, chainId: 31337 });
    expect(raised.healthFactor).toBeCloseTo(1.1, 2);
    expect(updates(client).at(-1)!.healthFactor).toBeCloseTo(1.1, 2);

    // Hovering just above the threshold (inside the hysteresis band) and back under: no clear, no new alert.
    await setWethPrice(hfAt(threshold * (1 + ALERT_HYSTERESIS.healthFactor / 2)));
    await tick(stub);
    await setWethPrice(hfAt(1.15));
    await tick(stub);
    await tick(stub);
    expect(alerts(client)).toHaveLength(1);
    expect((await stub.monitoringStatus()).openAlert).toMatchObject({ reason: "health_factor" });

    // Recovery: the alert clears, once.
    await setWethPrice(weth0);
    for (let i = 0; i < 3; i++) await tick(stub);
    await expect.poll(() => alerts(client).map((a) => a.state)).toEqual(["raised", "cleared"]);
    expect(alerts(client)[1]!.healthFactor).toBeCloseTo(hf0, 2);
    expect((await stub.monitoringStatus()).openAlert).toBeNull();

    // Every message the socket got is the outbox, in order, without gaps.
    const seqs = client.received.flatMap((m) => ("seq" in m ? [m.seq] : []));
    expect(seqs).toEqual(seqs.map((_, k) => seqs[0]! + k));

    // Prices are the chain's, kept once in its market object (the history every forecast reads ends at the
    // restored price); the user's object keeps none of its own.
    const history = await market().priceHistory(31337);
    expect(history.ETH!.at(-1)!.price).toBeCloseTo(weth0, 6);
    const userTables = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .toArray()
        .map((row) => row.name),
    );
    expect(userTables).toContain("monitoring_state");
    expect(userTables).not.toContain("price_samples");
    // The market object watched for this user and read the market at most once per new block (the head it
    // had not read yet at the start included), not once per tick or per user.
    const stats = await market().priceWatchStats();
    expect(stats?.watchers).toBeGreaterThanOrEqual(1);
    const reads = (stats?.marketReads ?? 0) - readsBefore;
    const newBlocks = Number((await chain.getBlockNumber()) - headBefore);
    expect(reads).toBeGreaterThanOrEqual(4); // the four price moves, each in a block of its own
    expect(reads).toBeLessThanOrEqual(newBlocks + 1);
    expect(stats?.marketReads).toBe(stats?.blocksSeen);
    client.socket.close(1000, "done");
  });

  it("reacts to the block that moves the price through the market's watch, without waiting for a tick", async () => {
    const session = await seededSession(anvilAccount(BORROWER));
    const stub = env.USER.getByName(session.user.id);
    await call("/me/settings", { method: "PUT", token: session.token, json: { alertThreshold: 1.2 } });
    const start = (await (await call("/portfolios", { token: session.token })).json()) as Portfolio;
    const weth0 = start.aave[0]!.supplies.find((s) => s.symbol === "WETH")!.priceUsd;
    const client = await openSocket(session.token);
    await tick(stub); // registers the watch lease at the market object; the next tick is 10 s away
    await expect
      .poll(async () => (await market().priceWatchStats())?.watchers ?? 0)
      .toBeGreaterThanOrEqual(1);
    const pushesBefore = (await market().priceWatchStats())?.pushes ?? 0;
    const already = alerts(client).length;
    const sentAt = Date.now();
    await setPriceUsd("WETH", (weth0 * 1.05) / start.healthFactor!);
    // No explicit poll and no tick: the market object's own 1 s alarm finds the block and pushes.
    await expect
      .poll(
        () =>
          alerts(client)
            .slice(already)
            .map((a) => a.state),
        { timeout: 8_000, interval: 50 },
      )
      .toContain("raised");
    console.log(`block → risk_alert at the client: ${Date.now() - sentAt} ms (incl. the tx receipt)`);
    expect((await market().priceWatchStats())?.pushes ?? 0).toBeGreaterThan(pushesBefore);
    client.socket.close(1000, "done");
  });

  it("idle users cost nothing: no debt and no socket means no alarm", async () => {
    const session = await seededSession(anvilAccount(5));
    const stub = env.USER.getByName(session.user.id);
    expect((await call("/portfolios", { token: session.token })).status).toBe(200);
    expect(await stub.monitoringStatus()).toMatchObject({ active: false, sockets: 0 });
    expect(await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())).toBeNull();
    const client = await openSocket(session.token);
    expect((await stub.monitoringStatus()).active).toBe(true);
    client.socket.close(1000, "bye");
    await expect.poll(async () => (await stub.monitoringStatus()).sockets).toBe(0);
    await expect.poll(() => runInDurableObject(stub, (_i, state) => state.storage.getAlarm())).toBeNull();
  });
});

describe("decideAlert (hysteresis)", () => {
  const open: OpenAlert = { reason: "health_factor", raisedAt: 0, chainId: 1, severity: "warning" };
  const reading = (healthFactor: number | null, probability: number | null = 0.01) => ({
    healthFactor,
    probability,
    band: probability === null ? null : probability >= 0.3 ? ("high" as const) : ("low" as const),
  });
  it("raises under the threshold or on a high band, clears only past the margin", () => {
    expect(decideAlert(null, reading(1.31), 1.3)).toEqual({ kind: "none" });
    expect(decideAlert(null, reading(1.29), 1.3)).toEqual({
      kind: "raise",
      reason: "health_factor",
      severity: "warning",
    });
    expect(decideAlert(null, reading(2, 0.4), 1.3)).toEqual({
      kind: "raise",
      reason: "risk_band",
      severity: "warning",
    });
    expect(decideAlert(open, reading(1.29), 1.3)).toEqual({ kind: "none" });
    expect(decideAlert(open, reading(1.31), 1.3)).toEqual({ kind: "none" });
    expect(decideAlert(open, reading(1.33), 1.3)).toEqual({ kind: "clear", reason: "health_factor" });
    expect(decideAlert(open, reading(1.5, 0.28), 1.3)).toEqual({ kind: "none" });
    expect(decideAlert(open, reading(null, null), 1.3)).toEqual({ kind: "clear", reason: "health_factor" });
  });
});
