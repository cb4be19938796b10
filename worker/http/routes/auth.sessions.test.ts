import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { decode, sign } from "hono/jwt";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import type { MeResponse, RefreshResponse, SignInResponse } from "../../../shared/schemas/auth";
import { WS_CLOSE_SESSION_ENDED } from "../../../shared/schemas/ws";
import { call, errorOf, freshIp, signIn } from "../../test/helpers";
import { openSocket, ticketFor } from "../../test/sockets";

// Attacks on sessions: a token that was signed out, a refresh token replayed after rotation, an expired token.
// Each must be refused on every route family and on the WebSocket, and the session's sockets must close.
const newWallet = () => privateKeyToAccount(generatePrivateKey());

async function expectRefused(response: Response, reason: string): Promise<void> {
  expect(response.status).toBe(401);
  const error = await errorOf(response);
  expect({ code: error.code, reason: error.details?.reason }).toEqual({ code: "unauthorized", reason });
}

/** One request per route family behind requireAuth (the body is valid where there is one: auth comes first). */
const protectedCalls: [string, (token: string) => Promise<Response>][] = [
  ["GET /me", (token) => call("/me", { token })],
  ["GET /me/settings", (token) => call("/me/settings", { token })],
  ["GET /portfolios", (token) => call("/portfolios", { token })],
  ["GET /portfolios/history", (token) => call("/portfolios/history?range=24h", { token })],
  ["POST /portfolios/refresh", (token) => call("/portfolios/refresh", { method: "POST", token })],
  ["GET /rules", (token) => call("/rules", { token })],
  ["GET /transactions", (token) => call("/transactions", { token })],
  ["POST /risk/forecast", (token) => call("/risk/forecast", { method: "POST", token, json: {} })],
  ["POST /ws/ticket", (token) => call("/ws/ticket", { method: "POST", token })],
  ["POST /auth/logout", (token) => call("/auth/logout", { method: "POST", token })],
];

const sessionIdOf = (token: string) => decode(token).payload.sid as string;

function refresh(refreshToken: string, ip = freshIp()): Promise<Response> {
  return call("/auth/refresh", { method: "POST", ip, json: { refreshToken } });
}

function logout(token: string): Promise<Response> {
  return call("/auth/logout", { method: "POST", token });
}

/** A socket of the session, recording how the server closed it. */
async function socketOf(session: SignInResponse | RefreshResponse) {
  const test = await openSocket(session.token);
  const closed: { code: number; reason: string }[] = [];
  test.socket.addEventListener("close", (event) => closed.push({ code: event.code, reason: event.reason }));
  return { ...test, closed };
}

describe("POST /auth/logout", () => {
  it("revokes the session: its token is refused on every route family, before and after a ticket", async () => {
    const session = await signIn(newWallet());
    for (const [label, request] of protectedCalls.slice(0, 2)) {
      expect({ label, status: (await request(session.token)).status }).toEqual({ label, status: 200 });
    }
    const ticketBeforeLogout = await ticketFor(session.token);

    const out = await logout(session.token);
    expect(out.status).toBe(204);

    for (const [label, request] of protectedCalls.filter(([label]) => label !== "POST /auth/logout")) {
      const response = await request(session.token);
      expect({ label, status: response.status }).toEqual({ label, status: 401 });
      expect({ label, reason: (await errorOf(response)).details?.reason }).toEqual({
        label,
        reason: "session_revoked",
      });
    }
    // A ticket fetched just before the logout no longer opens a socket.
    await expectRefused(
      await call(`/ws?ticket=${ticketBeforeLogout}`, { headers: { Upgrade: "websocket" } }),
      "session_revoked",
    );
    // Nor does the refresh token renew the session.
    await expectRefused(await refresh(session.refreshToken), "session_revoked");
    // Signing out again is a no-op that revives nothing.
    expect((await logout(session.token)).status).toBe(204);
    await expectRefused(await call("/me", { token: session.token }), "session_revoked");
  });

  it("closes the session's open sockets with 4001 signed_out, and only that session's", async () => {
    const wallet = newWallet();
    const laptop = await signIn(wallet);
    const phone = await signIn(wallet);
    expect(phone.user.id).toBe(laptop.user.id);
    const laptopSocket = await socketOf(laptop);
    const phoneSocket = await socketOf(phone);

    expect((await logout(laptop.token)).status).toBe(204);
    await expect
      .poll(() => laptopSocket.closed)
      .toEqual([{ code: WS_CLOSE_SESSION_ENDED, reason: "signed_out" }]);

    // The other device's session and socket carry on.
    expect((await call("/me", { token: phone.token })).status).toBe(200);
    phoneSocket.send({ type: "ping", nonce: "still-open" });
    await expect
      .poll(() => phoneSocket.received.some((m) => m.type === "pong" && m.nonce === "still-open"))
      .toBe(true);
    expect(phoneSocket.closed).toEqual([]);
  });

  it("tells the user's object (and GET /me) whether anyone is signed in, until the last session ends", async () => {
    const wallet = newWallet();
    const first = await signIn(wallet);
    const stub = env.USER.getByName(first.user.id);
    expect(await runInDurableObject(stub, (instance) => instance.sessionActiveUntil())).toBe(
      Date.parse(first.refreshExpiresAt),
    );
    const second = await signIn(wallet);
    const me = (await (await call("/me", { token: first.token })).json()) as MeResponse;
    expect(me.session).toEqual({ active: true, expiresAt: second.refreshExpiresAt });

    expect((await logout(second.token)).status).toBe(204);
    expect(await runInDurableObject(stub, (instance) => instance.sessionActiveUntil())).toBe(
      Date.parse(first.refreshExpiresAt),
    );
    expect((await logout(first.token)).status).toBe(204);
    expect(await runInDurableObject(stub, (instance) => instance.sessionActiveUntil())).toBeNull();
  });

  it("needs a token", async () => {
    await expectRefused(await call("/auth/logout", { method: "POST" }), "token_missing");
  });
});

describe("POST /auth/refresh", () => {
  it("rotates: new tokens work, the used refresh token is spent, the expiry slides", async () => {
    const session = await signIn(newWallet());
    const response = await refresh(session.refreshToken);
    expect(response.status).toBe(200);
    const renewed = (await response.json()) as RefreshResponse;
    expect(renewed.refreshToken).not.toBe(session.refreshToken);
    expect(renewed.token).not.toBe(session.token);
    expect(sessionIdOf(renewed.token)).toBe(sessionIdOf(session.token));
    expect(Date.parse(renewed.refreshExpiresAt)).toBeGreaterThanOrEqual(Date.parse(session.refreshExpiresAt));
    const me = await call("/me", { token: renewed.token });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { id: string } }).user.id).toBe(session.user.id);

    // Chains: the new refresh token renews again.
    expect((await refresh(renewed.refreshToken)).status).toBe(200);
  });

  it("revokes the whole family when a used refresh token comes back, closing its sockets", async () => {
    const session = await signIn(newWallet());
    const socket = await socketOf(session);
    const first = (await (await refresh(session.refreshToken)).json()) as RefreshResponse;
    const second = (await (await refresh(first.refreshToken)).json()) as RefreshResponse;

    // A thief replays the first, long-rotated token.
    await expectRefused(await refresh(session.refreshToken), "refresh_reused");

    // Everything of the family is dead: the latest refresh token, every access token, the socket.
    await expectRefused(await refresh(second.refreshToken), "session_revoked");
    for (const token of [session.token, first.token, second.token]) {
      await expectRefused(await call("/me", { token }), "session_revoked");
    }
    await expectRefused(await call("/ws/ticket", { method: "POST", token: second.token }), "session_revoked");
    await expect
      .poll(() => socket.closed)
      .toEqual([{ code: WS_CLOSE_SESSION_ENDED, reason: "session_revoked" }]);
    const row = await env.DB.prepare("SELECT revoked_reason FROM auth_sessions WHERE id = ?")
      .bind(sessionIdOf(session.token))
      .first<{ revoked_reason: string }>();
    expect(row?.revoked_reason).toBe("refresh_reused");
  });

  it("counts two concurrent uses of one refresh token as reuse: at most one wins, then the family ends", async () => {
    const session = await signIn(newWallet());
    const responses = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 401]);
    const winner = (await responses.find((response) => response.status === 200)!.json()) as RefreshResponse;
    const loser = responses.find((response) => response.status === 401)!;
    expect((await errorOf(loser)).details?.reason).toBe("refresh_reused");
    await expectRefused(await refresh(winner.refreshToken), "session_revoked");
  });

  it("refuses unknown and malformed refresh tokens, and an access token in their place", async () => {
    await expectRefused(await refresh("A".repeat(43)), "refresh_invalid");
    const session = await signIn(newWallet());
    const asRefresh = await refresh(session.token);
    expect(asRefresh.status).toBe(400);
    expect((await errorOf(asRefresh)).details?.fields?.map((field) => field.path)).toEqual(["refreshToken"]);
    const extra = await call("/auth/refresh", {
      method: "POST",
      ip: freshIp(),
      json: { refreshToken: session.refreshToken, sessionId: crypto.randomUUID() },
    });
    expect(extra.status).toBe(400);
    // The refused calls spent nothing: the real token still renews.
    expect((await refresh(session.refreshToken)).status).toBe(200);
  });

  it("remembers used refresh tokens for a day (reuse ends the session), then forgets them", async () => {
    const session = await signIn(newWallet());
    const sid = sessionIdOf(session.token);
    const second = (await (await refresh(session.refreshToken)).json()) as RefreshResponse;
    const third = (await (await refresh(second.refreshToken)).json()) as RefreshResponse;
    // The first token was used two days ago.
    await env.DB.prepare(
      "UPDATE refresh_tokens SET used_at = ? WHERE session_id = ? AND issued_at = (SELECT MIN(issued_at) FROM refresh_tokens WHERE session_id = ?)",
    )
      .bind(Date.now() - 2 * 24 * 3600_000, sid, sid)
      .run();
    const fourth = (await (await refresh(third.refreshToken)).json()) as RefreshResponse;
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM refresh_tokens WHERE session_id = ?")
      .bind(sid)
      .first<{ n: number }>();
    expect(rows?.n).toBe(3);
    // Forgotten: refused as unknown, and the session goes on.
    await expectRefused(await refresh(session.refreshToken), "refresh_invalid");
    expect((await call("/me", { token: fourth.token })).status).toBe(200);
    // Used within the day: reuse, the session ends.
    await expectRefused(await refresh(second.refreshToken), "refresh_reused");
    await expectRefused(await refresh(fourth.refreshToken), "session_revoked");
  });

  it("stores refresh tokens only hashed", async () => {
    const session = await signIn(newWallet());
    const rows = await env.DB.prepare("SELECT token_hash FROM refresh_tokens WHERE session_id = ?")
      .bind(sessionIdOf(session.token))
      .all<{ token_hash: string }>();
    expect(rows.results).toHaveLength(1);
    expect(rows.results[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const plain = await env.DB.prepare("SELECT COUNT(*) AS n FROM refresh_tokens WHERE token_hash = ?")
      .bind(session.refreshToken)
      .first<{ n: number }>();
    expect(plain?.n).toBe(0);
  });
});

describe("expiry", () => {
  it("refuses an expired access token on HTTP and for a WebSocket ticket", async () => {
    const session = await signIn(newWallet());
    const claims = decode(session.token).payload;
    const past = Math.floor(Date.now() / 1000) - 7200;
    const expired = await sign({ ...claims, iat: past, exp: past + 3600 }, env.JWT_SECRET, "HS256");
    await expectRefused(await call("/me", { token: expired }), "token_expired");
    await expectRefused(await call("/ws/ticket", { method: "POST", token: expired }), "token_expired");
    // The session itself is fine: a refresh gets a working token.
    const renewed = (await (await refresh(session.refreshToken)).json()) as RefreshResponse;
    expect((await call("/me", { token: renewed.token })).status).toBe(200);
  });

  it("ends a session that was not refreshed in time: token and refresh token refused", async () => {
    const session = await signIn(newWallet());
    await env.DB.prepare("UPDATE auth_sessions SET expires_at = ? WHERE id = ?")
      .bind(Date.now() - 1000, sessionIdOf(session.token))
      .run();
    await expectRefused(await call("/me", { token: session.token }), "session_expired");
    await expectRefused(await refresh(session.refreshToken), "refresh_expired");
  });

  it("closes a socket when its session runs out (the object's alarm), with 4001 session_expired", async () => {
    const session = await signIn(newWallet());
    const socket = await socketOf(session);
    const stub = env.USER.getByName(session.user.id);
    // The session ran out a moment ago (as if never refreshed): the object's next alarm closes its socket.
    await runInDurableObject(stub, (instance) =>
      instance.sessionRenewed(sessionIdOf(session.token), Date.now() - 1),
    );
    await runDurableObjectAlarm(stub);
    await expect
      .poll(() => socket.closed)
      .toEqual([{ code: WS_CLOSE_SESSION_ENDED, reason: "session_expired" }]);
  });

  it("keeps a socket open past the first expiry when the session was refreshed", async () => {
    const session = await signIn(newWallet());
    const socket = await socketOf(session);
    const renewed = (await (await refresh(session.refreshToken)).json()) as RefreshResponse;
    const stub = env.USER.getByName(session.user.id);
    const expiries = await runInDurableObject(stub, (_instance, state) =>
      state
        .getWebSockets()
        .map((s) => (s.deserializeAttachment() as { sessionExpiresAt: number }).sessionExpiresAt),
    );
    expect(expiries).toEqual([Date.parse(renewed.refreshExpiresAt)]);
    await runDurableObjectAlarm(stub);
    socket.send({ type: "ping", nonce: "alive" });
    await expect.poll(() => socket.received.some((m) => m.type === "pong" && m.nonce === "alive")).toBe(true);
    expect(socket.closed).toEqual([]);
  });
});

// The Worker checks the session in D1, then reaches the user's object: a logout (or a revoked family) can land
// in between. The object is told of the end, so it must not let a request that passed the check just before
// bring the session back.
describe("a session's end races requests that passed the check just before", () => {
  it("a socket whose upgrade reaches the object after its session ended there is closed at once with 4001", async () => {
    const session = await signIn(newWallet());
    const ticket = await ticketFor(session.token);
    const stub = env.USER.getByName(session.user.id);
    // The logout reached the object; the upgrade's D1 check had already passed (D1 left as it was).
    await runInDurableObject(stub, (instance) =>
      instance.sessionEnded(sessionIdOf(session.token), "signed_out"),
    );

    const response = await call(`/ws?ticket=${ticket}`, { headers: { Upgrade: "websocket" } });
    expect(response.status).toBe(101);
    const socket = response.webSocket!;
    const closed: { code: number; reason: string }[] = [];
    socket.addEventListener("close", (event) => closed.push({ code: event.code, reason: event.reason }));
    socket.accept();
    await expect.poll(() => closed).toEqual([{ code: WS_CLOSE_SESSION_ENDED, reason: "signed_out" }]);
    expect(await runInDurableObject(stub, (_instance, state) => state.getWebSockets().length)).toBe(0);
  });

  it("a refresh that read the session before its logout does not tell the object it is live again", async () => {
    const session = await signIn(newWallet());
    const stub = env.USER.getByName(session.user.id);
    await runInDurableObject(stub, (instance) =>
      instance.sessionEnded(sessionIdOf(session.token), "session_revoked"),
    );
    expect((await refresh(session.refreshToken)).status).toBe(200);
    expect(await runInDurableObject(stub, (instance) => instance.sessionActiveUntil())).toBeNull();
  });
});

// The user's object can fail a call (reset by a deploy, overloaded). Whatever the Worker already committed in D1
// must not leave the user with a dead session or a revoked session's socket open.
describe("the user's object failing once during sign-out or renewal", () => {
  /** The next call of the object's sessions capability `method` throws, as a reset object's call would. */
  async function failOnce(userId: string, method: "record" | "end"): Promise<void> {
    await runInDurableObject(env.USER.getByName(userId), (instance) => {
      const sessions = (instance as unknown as { sessions: Record<string, (...args: unknown[]) => unknown> })
        .sessions;
      const original = sessions[method]!;
      sessions[method] = () => {
        sessions[method] = original;
        throw new Error("Durable Object reset because its code was updated.");
      };
    });
  }

  it("a logout whose object call failed still ends the tokens, and repeated closes the sockets", async () => {
    const session = await signIn(newWallet());
    const socket = await socketOf(session);
    await failOnce(session.user.id, "end");
    expect((await logout(session.token)).status).toBe(500);
    await expectRefused(await call("/me", { token: session.token }), "session_revoked");
    await expectRefused(await refresh(session.refreshToken), "session_revoked");

    expect((await logout(session.token)).status).toBe(204);
    await expect.poll(() => socket.closed).toEqual([{ code: WS_CLOSE_SESSION_ENDED, reason: "signed_out" }]);
    await expectRefused(await call("/me", { token: session.token }), "session_revoked");
  });

  it("a reused refresh token whose revocation failed to reach the object closes the sockets on the next try", async () => {
    const session = await signIn(newWallet());
    const socket = await socketOf(session);
    expect((await refresh(session.refreshToken)).status).toBe(200);
    await failOnce(session.user.id, "end");
    expect((await refresh(session.refreshToken)).status).toBe(500);

    await expectRefused(await refresh(session.refreshToken), "session_revoked");
    await expect
      .poll(() => socket.closed)
      .toEqual([{ code: WS_CLOSE_SESSION_ENDED, reason: "session_revoked" }]);
  });

  it("a renewal the object failed to hear of still hands out the next refresh token: the session goes on", async () => {
    const session = await signIn(newWallet());
    await failOnce(session.user.id, "record");
    const response = await refresh(session.refreshToken);
    expect(response.status).toBe(200);
    const renewed = (await response.json()) as RefreshResponse;
    expect((await call("/me", { token: renewed.token })).status).toBe(200);
    expect((await refresh(renewed.refreshToken)).status).toBe(200);
  });
});
