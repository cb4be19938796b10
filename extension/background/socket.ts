import { WebSocket as ReconnectingWebSocket } from "partysocket";

/**
 * The live connection to the user's Durable Object. partysocket reconnects with backoff; a ping every 20 s keeps
 * both the socket and (Chrome >= 116) the service worker alive. The message protocol (resume, tx_proposal,
 * risk_alert, ...) is wired when the worker's socket route lands; until then `onMessage` receives raw text.
 */
const KEEPALIVE_MS = 20_000;

export interface SocketHost {
  /** ws(s) URL including the auth query, or null when signed out. */
  url(): Promise<string | null>;
  onMessage(data: string): void;
  onStatus(status: "connecting" | "open" | "closed"): void;
}

export interface LiveSocket {
  start(): Promise<void>;
  stop(): void;
  isOpen(): boolean;
}

export function createLiveSocket(host: SocketHost): LiveSocket {
  let socket: ReconnectingWebSocket | null = null;
  let keepalive: ReturnType<typeof setInterval> | null = null;

  const stop = () => {
    if (keepalive) clearInterval(keepalive);
    keepalive = null;
    socket?.close();
    socket = null;
    host.onStatus("closed");
  };

  return {
    async start() {
      if (socket) return;
      const url = await host.url();
      if (!url) return;
      host.onStatus("connecting");
      // partysocket asks the provider again on every reconnect, so a refreshed token is picked up.
      socket = new ReconnectingWebSocket(async () => (await host.url()) ?? url, [], { maxRetries: Infinity });
      socket.addEventListener("open", () => host.onStatus("open"));
      socket.addEventListener("close", () => host.onStatus("connecting"));
      socket.addEventListener("message", (event) => {
        if (typeof event.data === "string") host.onMessage(event.data);
      });
      keepalive = setInterval(() => {
        if (socket?.readyState === ReconnectingWebSocket.OPEN) socket.send(JSON.stringify({ type: "ping" }));
      }, KEEPALIVE_MS);
    },
    stop,
    isOpen: () => socket?.readyState === ReconnectingWebSocket.OPEN,
  };
}
