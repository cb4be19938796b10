import type { ServerMessage } from "../../shared/schemas/ws";
import { call } from "./helpers";

/** A client socket under test: everything it received, parsed, in order. */
export interface TestSocket {
  socket: WebSocket;
  received: ServerMessage[];
  /** The seqs of the stored messages received so far. */
  seqs(): number[];
  send(message: unknown): void;
}

export async function ticketFor(token: string): Promise<string> {
  const response = await call("/ws/ticket", { method: "POST", token });
  if (response.status !== 200) throw new Error(`ticket: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { ticket: string }).ticket;
}

/** Opens GET /ws like a browser would (a fresh ticket each time); `query` adds lastSeq / client. */
export async function openSocket(token: string, query: Record<string, string> = {}): Promise<TestSocket> {
  const params = new URLSearchParams({ ticket: await ticketFor(token), ...query });
  const response = await call(`/ws?${params}`, { headers: { Upgrade: "websocket" } });
  if (response.status !== 101 || !response.webSocket) {
    throw new Error(`upgrade: ${response.status} ${await response.text()}`);
  }
  const socket = response.webSocket;
  const received: ServerMessage[] = [];
  socket.addEventListener("message", (event) => {
    received.push(JSON.parse(String(event.data)) as ServerMessage);
  });
  socket.accept();
  return {
    socket,
    received,
    seqs: () => received.flatMap((m) => ("seq" in m ? [m.seq] : [])),
    send: (message) => socket.send(typeof message === "string" ? message : JSON.stringify(message)),
  };
}
