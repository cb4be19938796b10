import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ServerMessage } from "../../../shared/schemas/ws";
import { anvilAccount, call, errorOf, signIn } from "../../test/helpers";
import { openSocket, type TestSocket, ticketFor } from "../../test/sockets";

// Accounts without Aave positions: these tests are about the socket, not the chain. An open socket starts the
// monitoring loop, whose first check sends a portfolio_update, so assertions compare against the outbox itself.
async function user(index: number) {
  const session = await signIn(anvilAccount(index));
  const stub = env.USER.getByName(session.user.id);
  const notify = (title: string) =>
    runInDurableObject(stub, (instance) =>
      instance.notify("notification", { level: "info", title, message: "" }),
    );
  /** Every stored seq after `afterSeq`, as the outbox has them. */
  const stored = async (afterSeq: number) =>
    (await runInDurableObject(stub, (instance) => instance.messagesSince(afterSeq))).entries.map(
      (e) => e.seq,
    );
  return { token: session.token, stub, notify, stored };
}

const titles = (messages: ServerMessage[]) =>
  messages.flatMap((m) => (m.type === "notification" ? [m.payload.title] : []));

describe("GET /ws and POST /ws/ticket", () => {
  it("opens only with a fresh single-use ticket, never with the session token", async () => {
    const { token } = await user(0);
    expect((await call("/ws/ticket", { method: "POST" })).status).toBe(401);
    const ticket = await ticketFor(token);
    const upgrade = { Upgrade: "websocket" };
    const first = await call(`/ws?ticket=${ticket}`, { headers: upgrade });
    expect(first.status).toBe(101);
    first.webSocket?.accept();
    const again = await call(`/ws?ticket=${ticket}`, { headers: upgrade });
    expect(again.status).toBe(401);
    expect((await errorOf(again)).details).toMatchObject({ reason: "ticket_used" });
    const withSessionToken = await call(`/ws?ticket=${token}`, { headers: upgrade });
    expect(withSessionToken.status).toBe(401);
    expect((await errorOf(withSessionToken)).details).toMatchObject({ reason: "ticket_invalid" });
    expect((await call("/ws", { headers: upgrade })).status).toBe(400);
    expect((await call(`/ws?ticket=${await ticketFor(token)}&lastSeq=-1`, { headers: upgrade })).status).toBe(
      400,
    );
    expect((await call(`/ws?ticket=${await ticketFor(token)}`)).status).toBe(426);
    // A ticket is no session token either.
    expect((await call("/portfolios", { token: await ticketFor(token) })).status).toBe(401);
  });

  it("gives every socket of the user every message, in seq order, also after hibernation", async () => {
    const { token, stub, notify, stored } = await user(1);
    const before = (await stored(0)).at(-1) ?? 0;
    const [popup, background] = [await openSocket(token, { client: "popup" }), await openSocket(token)];
    const sent = [await notify("a"), await notify("b"), await notify("c")];
    await evictDurableObject(stub);
    sent.push(await notify("d"));
    await expect.poll(() => titles(background.received)).toEqual(["a", "b", "c", "d"]);
    await expect.poll(() => titles(popup.received)).toEqual(["a", "b", "c", "d"]);
    const all = await stored(before);
    // Both sockets: every stored message (also the monitoring loop's), same order, seq without gaps.
    await expect.poll(() => popup.seqs()).toEqual(all);
    await expect.poll(() => background.seqs()).toEqual(all);
    expect(all).toEqual(all.map((_, k) => all[0]! + k));
    for (const m of sent) expect(all).toContain(m.seq);
    const last = all.at(-1)!;
    // The hibernated object still answers on the old sockets (its handlers and attachments came back).
    // (Look the pong up by nonce: the monitoring loop may push a portfolio_update right after it.)
    const pongOf = (socket: TestSocket, nonce: string) =>
      socket.received.find((m) => m.type === "pong" && m.nonce === nonce);
    popup.send({ type: "ping", nonce: "after-eviction" });
    await expect.poll(() => pongOf(popup, "after-eviction")).toMatchObject({ type: "pong" });
    const pong = pongOf(popup, "after-eviction");
    expect(pong?.type === "pong" && pong.latestSeq >= last).toBe(true);
    popup.send({ type: "ack", seq: last });
    background.send({ type: "ping", nonce: "background" });
    await expect.poll(() => pongOf(background, "background")?.type).toBe("pong");
    const acked = await runInDurableObject(stub, (_instance, state) =>
      state.getWebSockets("popup").map((s) => (s.deserializeAttachment() as { ackedSeq: number }).ackedSeq),
    );
    expect(acked).toEqual([last]);
  });

  it("replays exactly what a reconnecting client missed, by lastSeq or resume, and says resync when it cannot", async () => {
    const { token, notify, stored } = await user(5);
    const first = await openSocket(token);
    const a = await notify("a");
    await expect.poll(() => first.seqs()).toContain(a.seq);
    first.socket.close(1000, "popup closed");
    const missed = [await notify("b"), await notify("c")];

    const reconnected = await openSocket(token, { lastSeq: String(a.seq) });
    const live = await notify("d");
    await expect.poll(() => titles(reconnected.received)).toEqual(["b", "c", "d"]);
    // Exactly what came after a: the replay first, then live, no gap, no duplicate, nothing older.
    await expect.poll(async () => reconnected.seqs()).toEqual(await stored(a.seq));
    expect(reconnected.seqs()[0]).toBe(a.seq + 1);
    expect(reconnected.seqs()).toContain(missed[0]!.seq);
    expect(reconnected.seqs().at(-1)).toBe(live.seq);

    const other = await openSocket(token);
    other.send({ type: "resume", lastSeq: missed[1]!.seq });
    await expect.poll(() => titles(other.received)).toEqual(["d"]);
    expect(other.seqs().filter((seq) => seq <= missed[1]!.seq)).toEqual([]);
    const latest = (await stored(0)).at(-1)!;
    other.send({ type: "resume", lastSeq: latest + 100 });
    await expect
      .poll(() => other.received.at(-1))
      .toEqual({
        type: "resync",
        reason: expect.any(String),
        latestSeq: latest,
        // Nothing was trimmed, so nothing kept aside rides along.
        alerts: [],
      });
  });

  it("answers bad client messages with an error and keeps the socket (and the others) open", async () => {
    const { token, notify, stored } = await user(5);
    const before = (await stored(0)).at(-1) ?? 0;
    const client = await openSocket(token);
    const bystander = await openSocket(token);
    const bad = [
      "not json",
      { type: "subscribe" },
      { type: "resume" },
      { type: "resume", lastSeq: -1 },
      { type: "ping", extra: true },
      "x".repeat(5000),
    ];
    for (const message of bad) client.send(message);
    await expect.poll(() => client.received.filter((m) => m.type === "error").length).toBe(bad.length);
    const codes = client.received.flatMap((m) => (m.type === "error" ? [m.code] : []));
    expect(codes).toEqual([...Array(5).fill("invalid_message"), "message_too_large"]);
    expect(client.received.filter((m) => m.type === "pong" || m.type === "resync")).toEqual([]);
    await notify("still here");
    await expect.poll(() => titles(client.received)).toEqual(["still here"]);
    await expect.poll(() => titles(bystander.received)).toEqual(["still here"]);
    await expect.poll(async () => client.seqs()).toEqual(await stored(before));
  });
});

describe("GET/PUT /me/settings", () => {
  it("defaults the alert threshold to 1.3, saves a valid one, refuses bad input without changing anything", async () => {
    const { token } = await user(0);
    expect((await call("/me/settings")).status).toBe(401);
    expect(await (await call("/me/settings", { token })).json()).toEqual({ alertThreshold: 1.3 });
    const saved = await call("/me/settings", { method: "PUT", token, json: { alertThreshold: 1.5 } });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ alertThreshold: 1.5 });
    for (const json of [
      { alertThreshold: 0.9 },
      { alertThreshold: "1.4" },
      { alertThreshold: 1.4, x: 1 },
      {},
    ]) {
      const refused = await call("/me/settings", { method: "PUT", token, json });
      expect(refused.status).toBe(400);
    }
    expect(await (await call("/me/settings", { token })).json()).toEqual({ alertThreshold: 1.5 });
    await call("/me/settings", { method: "PUT", token, json: { alertThreshold: 1.3 } });
  });
});
