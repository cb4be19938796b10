import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import type { Portfolio } from "../../../shared/schemas/portfolio";
import type { RiskAlertPayload } from "../../../shared/schemas/ws";
import { marketObject, revertChainAfterEachTest, setPriceUsd } from "../../test/devnet";
import { anvilAccount, call, signIn } from "../../test/helpers";
import { openSocket, type TestSocket } from "../../test/sockets";
import { runTaskNow } from "../../test/taskNow";
import type { TestUserDurableObject } from "../../test/testObjects";
import { ALERT_HYSTERESIS } from "./monitoring";
import { watchObjectName } from "./watchTarget";

const BORROWER = anvilAccount(2).address; // 10 WETH collateral, DAI debt, HF ≈ 1.30: HF follows the WETH price

revertChainAfterEachTest();

async function setWethPrice(usd: number): Promise<void> {
  await setPriceUsd("WETH", usd);
  await marketObject().pollPrices(31337);
}

/** One monitoring tick of the watch object through its real alarm (made due first: ticks are 10 s apart). */
async function tick(stub: DurableObjectStub<TestUserDurableObject>): Promise<void> {
  expect(await runTaskNow(stub, "monitoring")).toBe(true);
}

const alerts = (client: TestSocket): RiskAlertPayload[] =>
  client.received.flatMap((m) => (m.type === "risk_alert" ? [m.payload] : []));

describe("watched accounts (devnet)", () => {
  it("the owner's socket gets one alert naming the watched borrower, one clear, and nothing after removal", async () => {
    // A: a fresh wallet without positions, watching the devnet borrower B.
    const owner = await signIn(privateKeyToAccount(generatePrivateKey()));
    const threshold = 1.2;
    const added = await call("/me/watched", {
      method: "POST",
      token: owner.token,
      json: { address: BORROWER, label: "Friend", alertThreshold: threshold },
    });
    expect(added.status).toBe(201);
    const watcher = env.USER.getByName(watchObjectName(owner.user.id, BORROWER));
    const start = (await (
      await call(`/portfolios?account=${BORROWER}`, { token: owner.token })
    ).json()) as Portfolio;
    const hf0 = start.healthFactor!;
    const weth0 = start.aave[0]!.supplies.find((s) => s.symbol === "WETH")!.priceUsd;
    expect(hf0).toBeGreaterThan(threshold * (1 + ALERT_HYSTERESIS.healthFactor));
    const hfAt = (target: number) => (weth0 * target) / hf0;

    const client = await openSocket(owner.token, { client: "test" });
    await tick(watcher);
    expect((await watcher.monitoringStatus()).openAlert).toBeNull();
    // The watch object runs no automation and has nobody connected: it is monitored because it is watched.
    expect(await watcher.monitoringStatus()).toMatchObject({ active: true, sockets: 0 });
    expect(await watcher.listRules()).toEqual([]);

    await setWethPrice(hfAt(1.1));
    for (let i = 0; i < 3; i++) await tick(watcher);
    await expect.poll(() => alerts(client).length).toBe(1);
    const raised = alerts(client)[0]!;
    expect(raised).toMatchObject({
      state: "raised",
      reason: "health_factor",
      threshold,
      chainId: 31337,
      account: BORROWER,
    });
    expect(raised.healthFactor).toBeCloseTo(1.1, 2);

    await setWethPrice(weth0);
    for (let i = 0; i < 3; i++) await tick(watcher);
    await expect
      .poll(() => alerts(client).map((a) => [a.state, a.account]))
      .toEqual([
        ["raised", BORROWER],
        ["cleared", BORROWER],
      ]);
    expect(alerts(client)[1]!.healthFactor).toBeCloseTo(hf0, 2);

    // In the owner's outbox too: a client reconnecting later is replayed both, in order.
    const ownerObject = env.USER.getByName(owner.user.id);
    const replay = (await ownerObject.messagesSince(0)).entries.flatMap((m) =>
      m.type === "risk_alert" ? [m.payload.state] : [],
    );
    expect(replay).toEqual(["raised", "cleared"]);

    // Removed: the watch object stops (no alarm, nothing stored), and a new drop tells the owner nothing.
    const removed = await call(`/me/watched/${BORROWER}`, { method: "DELETE", token: owner.token });
    expect(removed.status).toBe(204);
    expect(await runInDurableObject(watcher, (_i, state) => state.storage.getAlarm())).toBeNull();
    expect(await watcher.monitoringStatus()).toMatchObject({ active: false, openAlert: null });
    await setWethPrice(hfAt(1.05));
    expect(await runDurableObjectAlarm(watcher)).toBe(false);
    expect(await await marketObject().positionWatched(watcher.id.toString())).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(alerts(client)).toHaveLength(2);
    client.socket.close(1000, "done");
  });

  it("an account without debt is still watched (a borrow later must not go unseen)", async () => {
    const owner = await signIn(privateKeyToAccount(generatePrivateKey()));
    const idle = privateKeyToAccount(generatePrivateKey()).address;
    const added = await call("/me/watched", { method: "POST", token: owner.token, json: { address: idle } });
    expect(added.status).toBe(201);
    const watcher = env.USER.getByName(watchObjectName(owner.user.id, idle));
    expect(await watcher.monitoringStatus()).toMatchObject({ active: true, sockets: 0 });
    expect(await runInDurableObject(watcher, (_i, state) => state.storage.getAlarm())).not.toBeNull();
    await tick(watcher);
    expect((await watcher.watchStatus()).lastCheckAt).not.toBeNull();
  });

  it("a block that moves the watched account under its threshold reaches the owner without a tick", async () => {
    const owner = await signIn(privateKeyToAccount(generatePrivateKey()));
    const threshold = 1.2;
    const added = await call("/me/watched", {
      method: "POST",
      token: owner.token,
      json: { address: BORROWER, alertThreshold: threshold },
    });
    expect(added.status).toBe(201);
    const watcher = env.USER.getByName(watchObjectName(owner.user.id, BORROWER));
    const start = (await (
      await call(`/portfolios?account=${BORROWER}`, { token: owner.token })
    ).json()) as Portfolio;
    const weth0 = start.aave[0]!.supplies.find((s) => s.symbol === "WETH")!.priceUsd;
    const client = await openSocket(owner.token);
    await tick(watcher); // the first check registers what should wake the watch object at the market object
    const sentAt = Date.now();
    await setPriceUsd("WETH", (weth0 * 1.05) / start.healthFactor!);
    // No tick: the market object's own alarm finds the block and wakes the watch object, which forwards.
    await expect
      .poll(() => alerts(client).map((a) => [a.state, a.account]), { timeout: 8_000, interval: 50 })
      .toEqual([["raised", BORROWER]]);
    console.log(
      `watched account: block → owner's risk_alert: ${Date.now() - sentAt} ms (incl. the tx receipt)`,
    );
    client.socket.close(1000, "done");
  });
});
