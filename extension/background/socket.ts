import { WebSocket as ReconnectingWebSocket } from "partysocket";
import { WS_CLOSE_SESSION_ENDED, WS_CLOSE_TOO_MANY_SOCKETS } from "../../shared/schemas/ws";
import type { LiveStatus } from "../lib/storage/live";
import { type ClientMessage, createSequencer, type StoredServerMessage } from "./liveSequencer";

export type { StoredServerMessage };

/** Under Chrome's 30 s idle limit: a message every 20 s keeps the socket and (Chrome >= 116) the worker alive. */
const KEEPALIVE_MS = 20_000;
/** The server refused one more socket for this user: wait this long before trying again (no tight loop). */
export const TOO_MANY_SOCKETS_PAUSE_MS = 60_000;

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
  /** The server closed the socket because the session ended (4001): sign out, never reconnect with it. */
  onSessionEnded(reason: string): void;
  now(): number;
  /** Reconnection timing (tests shorten it); the defaults suit a browser. */
  reconnect?: { minDelayMs: number; maxDelayMs: number };
  /** A WebSocket constructor other than the global one (tests in Node). */
  WebSocket?: typeof WebSocket;
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
  /** After a 4429, start() does nothing until then (the watchdog alarm calls it every minute). */
  let pausedUntil = 0;

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

  /** `status`: "off" when stopped on purpose; "connecting" when it will try again after a pause. */
  const stop = (status: LiveStatus = "off") => {
    if (keepalive) clearInterval(keepalive);
    keepalive = null;
    socket?.close();
    socket = null;
    host.onStatus(status);
  };

  return {
    start() {
      if (socket || host.now() < pausedUntil) return;
      host.onStatus("connecting");
      const { minDelayMs, maxDelayMs } = host.reconnect ?? { minDelayMs: 1000, maxDelayMs: 30_000 };
      const current = new ReconnectingWebSocket(
        async () => socketUrl(await host.baseUrl(), await host.ticket(), await host.lastSeq()),
        [],
        {
          maxRetries: Number.POSITIVE_INFINITY,
          minReconnectionDelay: minDelayMs,
          maxReconnectionDelay: maxDelayMs,
          // partysocket's own backoff (growing, jittered by its random start) covers ordinary drops; these two
          // codes say reconnecting now would be refused again.
          shouldReconnectOnClose: (event) =>
            event.code !== WS_CLOSE_SESSION_ENDED && event.code !== WS_CLOSE_TOO_MANY_SOCKETS,
          ...(host.WebSocket ? { WebSocket: host.WebSocket } : {}),
        },
      );
      socket = current;
      current.addEventListener("open", () => host.onStatus("live"));
      current.addEventListener("close", (event) => {
        if (socket !== current) return;
        if (event.code === WS_CLOSE_SESSION_ENDED) {
          stop();
          host.onSessionEnded(event.reason);
          return;
        }
        if (event.code === WS_CLOSE_TOO_MANY_SOCKETS) {
          // Not live, and meant to be: the watchdog tries again after the pause (and says so if it lasts).
          stop("connecting");
          pausedUntil = host.now() + TOO_MANY_SOCKETS_PAUSE_MS;
          return;
        }
        host.onStatus("connecting");
      });
      current.addEventListener("message", (event) => {
        if (typeof event.data !== "string") return;
        const data = event.data;
        queue = queue.then(() => handle(data)).catch(() => undefined);
      });
      keepalive = setInterval(() => send({ type: "ping" }), KEEPALIVE_MS);
    },
    stop,
  };
}
