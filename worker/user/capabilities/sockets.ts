/** What the sockets capability needs: the hibernation WebSocket API of the Durable Object. */
export interface SocketsHost {
  ctx: Pick<DurableObjectState, "acceptWebSocket" | "getWebSockets">;
}

/**
 * The user's open WebSockets, held with the hibernation API so an idle DO costs nothing and sockets survive
 * eviction. Authentication happens in the Worker before the upgrade reaches the DO.
 */
export class SocketsCapability {
  constructor(private readonly host: SocketsHost) {}

  /** Accepts an upgrade; `tags` label the socket (e.g. "popup") for getWebSockets(tag). */
  accept(tags: string[] = []): Response {
    const pair = new WebSocketPair();
    const [client, server] = Object.values(pair) as [WebSocket, WebSocket];
    this.host.ctx.acceptWebSocket(server, tags);
    return new Response(null, { status: 101, webSocket: client });
  }

  count(): number {
    return this.host.ctx.getWebSockets().length;
  }

  /** Sends to every open socket; returns how many got it. A broken socket must not stop the others. */
  broadcast(text: string): number {
    let sent = 0;
    for (const socket of this.host.ctx.getWebSockets()) {
      try {
        socket.send(text);
        sent++;
      } catch {
        // Closed in the meantime; the runtime reports it through webSocketClose.
      }
    }
    return sent;
  }
}
