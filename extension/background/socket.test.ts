import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type WebSocket as ServerSocket, WebSocketServer } from "ws";
import { WS_CLOSE_SESSION_ENDED, WS_CLOSE_TOO_MANY_SOCKETS } from "../../shared/schemas/ws";
import type { LiveStatus } from "../lib/storage/live";
import { createLiveSocket, type StoredServerMessage, TOO_MANY_SOCKETS_PAUSE_MS } from "./socket";

/** A real WebSocket server standing in for the user's Durable Object: records each connection's query. */
let server: WebSocketServer;
let connections: { url: URL; socket: ServerSocket }[] = [];
let onConnection: (socket: ServerSocket, url: URL) => void = () => undefined;
let base = "";

beforeEach(async () => {
  connections = [];
  onConnection = () => undefined;
  server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on("connection", (socket, request) => {
    const url = new URL(request.url ?? "/", base);
    connections.push({ url, socket });
    onConnection(socket, url);
  });
});
afterEach(async () => {
  for (const { socket } of connections) socket.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const notification = (seq: number) =>
  JSON.stringify({
    type: "notification",
    seq,
    sentAt: "2026-12-01T04:00:00.000Z",
    payload: { level: "info", title: `message ${seq}`, message: "", transactionId: null },
  });

const until = async (condition: () => boolean, what: string, timeoutMs = 5000) => {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function client(now: () => number = Date.now) {
  let lastSeq = 0;
  let tickets = 0;
  const received: string[] = [];
  const statuses: LiveStatus[] = [];
  const ended: string[] = [];
  const live = createLiveSocket({
    baseUrl: async () => base,
    ticket: async () => `ticket-${++tickets}`,
    lastSeq: async () => lastSeq,
    saveLastSeq: async (seq) => {
      lastSeq = seq;
    },
    onMessage: async (message: StoredServerMessage) => {
      if (message.type === "notification") received.push(message.payload.title);
    },
    onResync: async () => undefined,
    onStatus: (status) => statuses.push(status),
    onSessionEnded: (reason) => ended.push(reason),
    now,
    reconnect: { minDelayMs: 50, maxDelayMs: 200 },
  });
  return { live, received, statuses, ended };
}

describe("live socket", () => {
  it("reconnects after a drop with a fresh ticket and resumes from the last handled seq", async () => {
    onConnection = (socket, url) => {
      // The server replays everything after the client's lastSeq, then (first time only) drops the socket.
      const after = Number(url.searchParams.get("lastSeq"));
      for (let seq = after + 1; seq <= 3; seq++) socket.send(notification(seq));
      if (connections.length === 1) setTimeout(() => socket.close(1011, "restarting"), 50);
    };
    const { live, received, statuses } = client();
    live.start();
    await until(() => connections.length === 2 && received.length === 3, "the second connection");
    expect(connections.map((c) => c.url.searchParams.get("ticket"))).toEqual(["ticket-1", "ticket-2"]);
    expect(connections.map((c) => c.url.searchParams.get("lastSeq"))).toEqual(["0", "3"]);
    expect(received).toEqual(["message 1", "message 2", "message 3"]);
    expect(statuses).toContain("live");
    live.stop();
  });

  it("never reconnects a socket whose session ended (4001): the session is ended here too", async () => {
    onConnection = (socket) => setTimeout(() => socket.close(WS_CLOSE_SESSION_ENDED, "session_revoked"), 20);
    const { live, ended, statuses } = client();
    live.start();
    await until(() => ended.length === 1, "the session end");
    await pause(500);
    expect(connections).toHaveLength(1);
    expect(ended).toEqual(["session_revoked"]);
    expect(statuses.at(-1)).toBe("off");
  });

  it("pauses a minute after 4429 (too many sockets) instead of reconnecting in a loop", async () => {
    let now = 1_000_000;
    onConnection = (socket) => {
      if (connections.length === 1) setTimeout(() => socket.close(WS_CLOSE_TOO_MANY_SOCKETS, "too many"), 20);
    };
    const { live, statuses } = client(() => now);
    live.start();
    // Stopped, but not "off": it means to come back, and the watchdog says so if that lasts.
    await until(
      () => statuses.includes("live") && statuses.at(-1) === "connecting",
      "the refused socket to stop and wait",
    );
    await pause(500);
    expect(connections).toHaveLength(1);
    // The watchdog's next tick within the pause does nothing; after it, the socket opens again.
    now += TOO_MANY_SOCKETS_PAUSE_MS - 1000;
    live.start();
    await pause(200);
    expect(connections).toHaveLength(1);
    now += 2000;
    live.start();
    await until(() => connections.length === 2, "the connection after the pause");
    live.stop();
  });
});
