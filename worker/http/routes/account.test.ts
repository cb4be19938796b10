import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import type { AccountExport } from "../../../shared/schemas/account";
import { WS_CLOSE_SESSION_ENDED } from "../../../shared/schemas/ws";
import { call, signIn } from "../../test/helpers";
import { openSocket, ticketFor } from "../../test/sockets";

/** A rule a user without positions may have: tell me if WETH falls under $100. */
const watchWeth = {
  name: "WETH crash",
  trigger: { type: "price_below", asset: "WETH", usd: 100 },
  action: { type: "notify" },
};

/** A fresh user with a rule, a setting and a portfolio read. */
async function userWithData() {
  const account = privateKeyToAccount(generatePrivateKey());
  const session = await signIn(account);
  const { token } = session;
  expect((await call("/rules", { method: "POST", token, json: watchWeth })).status).toBe(201);
  expect((await call("/me/settings", { method: "PUT", token, json: { alertThreshold: 1.5 } })).status).toBe(
    200,
  );
  expect((await call("/portfolios", { token })).status).toBe(200);
  return { account, session, token };
}

describe("GET /me/export", () => {
  it("returns the user, subscription, sessions and every table of their own database", async () => {
    const { account, session, token } = await userWithData();
    const response = await call("/me/export", { token });
    expect(response.status).toBe(200);
    const data = (await response.json()) as AccountExport;
    expect(data.user).toMatchObject({ id: session.user.id, address: account.address });
    expect(data.subscription.tier).toBe("free");
    expect(data.sessions).toHaveLength(1);
    expect(data.sessions[0]).toMatchObject({ revokedAt: null });
    expect(JSON.stringify(data)).not.toContain(session.refreshToken);
    expect(data.tables.automation_rules?.map((r) => r.name)).toEqual([watchWeth.name]);
    expect(data.tables.user_settings?.[0]?.alert_threshold).toBe(1.5);
    expect(data.tables.monitoring_state?.[0]?.address).toBe(account.address);
    expect(data.tables.chain_reads?.map((r) => [r.chain_id, r.status])).toEqual([[31337, "ok"]]);
    expect(Object.keys(data.tables)).not.toContain("__drizzle_migrations");
  });
});

describe("DELETE /me", () => {
  it("erases the object's data and alarm, the global rows, and signs out everywhere", async () => {
    const { session, token } = await userWithData();
    const socket = await openSocket(token);
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.socket.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason })),
    );
    const stub = env.USER.getByName(session.user.id);
    expect(await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())).not.toBeNull();

    expect((await call("/me", { method: "DELETE", token })).status).toBe(204);

    expect(await closed).toEqual({ code: WS_CLOSE_SESSION_ENDED, reason: "session_revoked" });
    const left = await runInDurableObject(stub, async (_i, state) => ({
      alarm: await state.storage.getAlarm(),
      rules: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM automation_rules").one().n,
      settings: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM user_settings").one().n,
      outbox: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox").one().n,
      positions: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM positions").one().n,
      kv: [...state.storage.kv.list()].map(([key]) => key),
    }));
    // Only the mark that the account is gone (no data of the user's) is left.
    expect(left).toEqual({
      alarm: null,
      rules: 0,
      settings: 0,
      outbox: 0,
      positions: 0,
      kv: ["account.deletedAt"],
    });
    const global = await env.DB.batch([
      env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE id = ?").bind(session.user.id),
      env.DB.prepare("SELECT COUNT(*) AS n FROM auth_sessions WHERE user_id = ?").bind(session.user.id),
      env.DB.prepare("SELECT COUNT(*) AS n FROM subscriptions WHERE user_id = ?").bind(session.user.id),
    ]);
    expect(global.map((r) => (r.results[0] as { n: number }).n)).toEqual([0, 0, 0]);
    // Every token of theirs is refused: the access token, and the refresh token renews nothing.
    expect((await call("/me", { token })).status).toBe(401);
    const refresh = await call("/auth/refresh", {
      method: "POST",
      json: { refreshToken: session.refreshToken },
    });
    expect(refresh.status).toBe(401);
  });
});

describe("DELETE /me racing a socket upgrade", () => {
  it("an upgrade that passed the session check before the global rows went opens no socket and watches nothing", async () => {
    const { session, token } = await userWithData();
    const ticket = await ticketFor(token);
    const stub = env.USER.getByName(session.user.id);
    // DELETE /me erased the object; its global rows (the session the upgrade checks) are not gone yet.
    await runInDurableObject(stub, (instance) => instance.deleteAccount());

    const response = await call(`/ws?ticket=${ticket}`, { headers: { Upgrade: "websocket" } });
    expect(response.status).toBe(101);
    const socket = response.webSocket!;
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason })),
    );
    socket.accept();
    const stillOpen = new Promise((resolve) => setTimeout(() => resolve("still open"), 3000));
    expect(await Promise.race([closed, stillOpen])).toEqual({
      code: WS_CLOSE_SESSION_ENDED,
      reason: "session_revoked",
    });
    const left = await runInDurableObject(stub, async (_i, state) => ({
      sockets: state.getWebSockets().length,
      alarm: await state.storage.getAlarm(),
      watching: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM monitoring_state").one().n,
    }));
    expect(left).toEqual({ sockets: 0, alarm: null, watching: 0 });
  });

  it("when the global delete failed and the user signs in again instead, their new session's sockets open", async () => {
    const { account, session } = await userWithData();
    // The object was erased, the global rows stayed (the request failed there): the user is still signed up.
    await runInDurableObject(env.USER.getByName(session.user.id), (instance) => instance.deleteAccount());
    const again = await signIn(account);
    expect(again.user.id).toBe(session.user.id);
    const socket = await openSocket(again.token);
    socket.send({ type: "ping", nonce: "open" });
    await expect.poll(() => socket.received.some((m) => m.type === "pong" && m.nonce === "open")).toBe(true);
    socket.socket.close(1000, "done");
  });
});
