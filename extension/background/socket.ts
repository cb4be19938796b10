import { WebSocket as ReconnectingWebSocket } from "partysocket";
import type { LiveStatus } from "../lib/storage/live";
import { type ClientMessage, createSequencer, type StoredServerMessage } from "./liveSequencer";

export type { StoredServerMessage };

/** Under Chrome's 30 s idle limit: a message every 20 s keeps the socket and (Chrome >= 116) the worker alive. */
const KEEPALIVE_MS = 20_000;

export interface SocketHost {
  /** The API base (http/https); the socket uses the matching ws/wss URL. */
  baseUrl(): Promise<string>;
  /** A single-use ticket from POST /ws/ticket, so the session token never goes into a URL. */
  ticket(): Promise<string>;
  lastSeq(): Promise<number>;
  saveLastSeq(seq: number): Promise<void>;
  /** A stored (sequenced) server message, delivered once and in order. */
  onMessage(message: StoredServerMessage): Promise<void>;
  /** The server no longer has what we missed: reload state over HTTP. */
  onResync(): Promise<void>;
  onStatus(status: LiveStatus): void;
}

export interface LiveSocket {
  /** Opens the socket if it is not open yet (idempotent: the alarm safety net calls it freely). */
  start(): void;
  stop(): void;
}

function socketUrl(base: string, ticket: string, lastSeq: number): string {
  const url = new URL("/ws", base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("ticket", ticket);
  url.searchParams.set("lastSeq", String(lastSeq));
  url.searchParams.set("client", "background");
  return url.toString();
}

/**
 * The live connection to the user's Durable Object (protocol: shared/schemas/ws.ts). partysocket reconnects with
 * backoff and asks for a fresh URL (so a fresh ticket and the current lastSeq) each time; liveSequencer keeps
 * the stored messages exactly-once and in order.
 */
export function createLiveSocket(host: SocketHost): LiveSocket {
  let socket: ReconnectingWebSocket | null = null;
  let keepalive: ReturnType<typeof setInterval> | null = null;
  // Messages are handled one after another, never concurrently, so lastSeq only moves forward in order.
  let queue: Promise<void> = Promise.resolve();

  const send = (message: ClientMessage) => {
    if (socket?.readyState === ReconnectingWebSocket.OPEN) socket.send(JSON.stringify(message));
  };

  const handle = createSequencer({
    lastSeq: host.lastSeq,
    saveLastSeq: host.saveLastSeq,
    onMessage: host.onMessage,
    onResync: host.onResync,
    send,
  });

  const stop = () => {
    if (keepalive) clearInterval(keepalive);
    keepalive = null;
    socket?.close();
    socket = null;
    host.onStatus("off");
  };

  return {
    start() {
      if (socket) return;
      host.onStatus("connecting");
      socket = new ReconnectingWebSocket(
        async () => socketUrl(await host.baseUrl(), await host.ticket(), await host.lastSeq()),
        [],
        { maxRetries: Number.POSITIVE_INFINITY, minReconnectionDelay: 1000, maxReconnectionDelay: 30_000 },
      );
      socket.addEventListener("open", () => host.onStatus("live"));
      socket.addEventListener("close", () => {
        if (socket) host.onStatus("connecting");
      });
      socket.addEventListener("message", (event) => {
        if (typeof event.data !== "string") return;
        const data = event.data;
        queue = queue.then(() => handle(data)).catch(() => undefined);
      });
      keepalive = setInterval(() => send({ type: "ping" }), KEEPALIVE_MS);
    },
    stop,
  };
}
