import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { OUTBOX_CAPACITY, WS_CLOSE_TOO_MANY_SOCKETS } from "../../../shared/schemas/ws";
import { call, signIn } from "../../test/helpers";
import { ticketFor } from "../../test/sockets";
import { MAX_SOCKETS_PER_USER, RESUME_BURST, RESUME_REFILL_MS } from "./sockets";

// One token opening socket after socket: beyond the cap each new one is closed at once with a code the client can
// read, the open ones keep working, and a slot freed by closing one can be used again.

interface Opened {
  socket: WebSocket;
  messages: string[];
  closed: Promise<{ code: number; reason: string }>;
}

async function open(token: string, lastSeq?: number): Promise<Opened> {
  const ticket = await ticketFor(token);
  const resume = lastSeq === undefined ? "" : `&lastSeq=${lastSeq}`;
  const response = await call(`/ws?ticket=${ticket}${resume}`, { headers: { Upgrade: "websocket" } });
  expect(response.status).toBe(101);
  const socket = response.webSocket;
  if (!socket) throw new Error("no socket");
  const messages: string[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason }));
  });
  socket.addEventListener("message", (event) => messages.push(String(event.data)));
  socket.accept();
  return { socket, messages, closed };
}

async function pong(opened: Opened, nonce: string): Promise<boolean> {
  opened.socket.send(JSON.stringify({ type: "ping", nonce }));
  for (let i = 0; i < 100; i++) {
    if (opened.messages.some((m) => m.includes(`"nonce":"${nonce}"`))) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

const openCount = (userId: string) =>
  runInDurableObject(
    env.USER.getByName(userId),
    async (instance) => (await instance.monitoringStatus()).sockets,
  );

describe("open sockets per user", () => {
  it(`holds at most ${MAX_SOCKETS_PER_USER}; the next is closed with ${WS_CLOSE_TOO_MANY_SOCKETS} and a reason`, async () => {
    const { token, user } = await signIn(privateKeyToAccount(generatePrivateKey()));
    const sockets: Opened[] = [];
    for (let i = 0; i < MAX_SOCKETS_PER_USER; i++) sockets.push(await open(token));
    expect(await openCount(user.id)).toBe(MAX_SOCKETS_PER_USER);

    const refused = await open(token);
    expect(await refused.closed).toEqual({
      code: WS_CLOSE_TOO_MANY_SOCKETS,
      reason: `Too many open sockets (at most ${MAX_SOCKETS_PER_USER}); close one before opening another.`,
    });
    expect(await openCount(user.id)).toBe(MAX_SOCKETS_PER_USER);
    // The refusal touched nobody else: every open socket still answers.
    for (const [i, opened] of sockets.entries()) expect(await pong(opened, `still-${i}`)).toBe(true);

    // Closing one frees its slot for a new socket, which then works.
    const [first] = sockets;
    first?.socket.close(1000, "done");
    for (let i = 0; i < 100 && (await openCount(user.id)) === MAX_SOCKETS_PER_USER; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await openCount(user.id)).toBe(MAX_SOCKETS_PER_USER - 1);
    const again = await open(token);
    expect(await pong(again, "again")).toBe(true);
    expect(await openCount(user.id)).toBe(MAX_SOCKETS_PER_USER);

    for (const opened of [...sockets.slice(1), again]) opened.socket.close(1000, "done");
  });

  it("another user's sockets do not count against the cap", async () => {
    const a = await signIn(privateKeyToAccount(generatePrivateKey()));
    const b = await signIn(privateKeyToAccount(generatePrivateKey()));
    const full: Opened[] = [];
    for (let i = 0; i < MAX_SOCKETS_PER_USER; i++) full.push(await open(a.token));
    const other = await open(b.token);
    expect(await pong(other, "b")).toBe(true);
    for (const opened of [...full, other]) opened.socket.close(1000, "done");
  });
});

describe("a client back after the outbox moved on", () => {
  it("gets resync with the alerts it must still hear of: the last liquidation and the current state", async () => {
    const { token, user } = await signIn(privateKeyToAccount(generatePrivateKey()));
    await runInDurableObject(env.USER.getByName(user.id), async (instance) => {
      const alert = {
        state: "raised" as const,
        reason: "health_factor" as const,
        healthFactor: 0.96,
        threshold: 1.3,
        band: null,
        probability: null,
        chainId: 31337,
        message: "liquidated",
      };
      await instance.notify("risk_alert", { ...alert, severity: "liquidated" });
      await instance.notify("risk_alert", {
        ...alert,
        severity: "liquidatable",
        quiet: true,
        message: "still",
      });
      for (let i = 0; i < OUTBOX_CAPACITY; i++) {
        await instance.notify("notification", { level: "info", title: `#${i}`, message: "m" });
      }
    });
    const back = await open(token, 0);
    for (let i = 0; i < 100 && back.messages.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const resync = JSON.parse(back.messages[0] ?? "null");
    expect(resync).toMatchObject({ type: "resync", latestSeq: OUTBOX_CAPACITY + 2 });
    expect(
      resync.alerts.map((m: { seq: number; payload: { message: string } }) => [m.seq, m.payload.message]),
    ).toEqual([
      [1, "liquidated"],
      [2, "still"],
    ]);
    back.socket.close(1000, "done");
  });
});

/** What the socket received of the test's own doing: the stored notifications it replays, errors and pongs. */
const seen = (opened: Opened) =>
  opened.messages
    .map((m) => JSON.parse(m) as { type: string; code?: string; payload?: { title?: string } })
    .filter(
      (m) =>
        (m.type === "notification" && m.payload?.title?.startsWith("#")) ||
        m.type === "error" ||
        m.type === "pong",
    );

describe("a client asking for replays in a loop", () => {
  it(`gets at most ${RESUME_BURST} at once, then rate_limited errors, one more every ${RESUME_REFILL_MS / 1000} s`, async () => {
    const { token, user } = await signIn(privateKeyToAccount(generatePrivateKey()));
    const stub = env.USER.getByName(user.id);
    const stored = 20;
    await runInDurableObject(stub, async (instance) => {
      for (let i = 0; i < stored; i++) {
        await instance.notify("notification", { level: "info", title: `#${i}`, message: "m" });
      }
    });
    const client = await open(token);
    // One small frame each, up to OUTBOX_CAPACITY stored messages back each: a loop of them pinned the object.
    for (let i = 0; i < 10; i++) client.socket.send(JSON.stringify({ type: "resume", lastSeq: 0 }));
    expect(await pong(client, "after-flood")).toBe(true);
    expect(seen(client).filter((m) => m.type === "notification")).toHaveLength(RESUME_BURST * stored);
    expect(seen(client).flatMap((m) => (m.type === "error" ? [m.code] : []))).toEqual(
      Array(10 - RESUME_BURST).fill("rate_limited"),
    );

    // Time passes (the budget refills): the socket may resume again.
    await runInDurableObject(stub, (_instance, state) => {
      for (const socket of state.getWebSockets()) {
        const attachment = socket.deserializeAttachment() as { resumeBudget: { at: number } };
        socket.serializeAttachment({
          ...attachment,
          resumeBudget: { ...attachment.resumeBudget, at: attachment.resumeBudget.at - RESUME_REFILL_MS },
        });
      }
    });
    client.messages.length = 0;
    client.socket.send(JSON.stringify({ type: "resume", lastSeq: stored - 1 }));
    client.socket.send(JSON.stringify({ type: "resume", lastSeq: stored - 1 }));
    expect(await pong(client, "refilled")).toBe(true);
    expect(seen(client).map((m) => m.code ?? m.type)).toEqual(["notification", "rate_limited", "pong"]);
    client.socket.close(1000, "done");
  });
});
