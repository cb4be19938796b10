import { lt } from "drizzle-orm";
import { z } from "zod";
import {
  type ClientMessage,
  clientMessageSchema,
  type EphemeralServerMessage,
  MAX_CLIENT_MESSAGE_BYTES,
  type ServerMessage,
  WS_CLOSE_SESSION_ENDED,
  WS_CLOSE_TOO_MANY_SOCKETS,
  type WsSessionEndReason,
} from "../../../shared/schemas/ws";
import type { UserDb } from "../db";
import { usedSocketTickets } from "../tables/sockets";
import type { OutboxPage } from "./outbox";

/** What the sockets capability needs: the hibernation WebSocket API, the outbox for replay, its ticket table. */
export interface SocketsHost {
  ctx: Pick<DurableObjectState, "acceptWebSocket" | "getWebSockets">;
  db: UserDb;
  now(): number;
  newId(): string;
  latestSeq(): number;
  since(afterSeq: number): OutboxPage;
}

/**
 * Per-socket state. It lives in the socket's serialized attachment (≤ 2 KiB), not in memory, so it survives
 * hibernation: after eviction the object is rebuilt and `getWebSockets()` hands the sockets back with it.
 */
export const socketAttachmentSchema = z.object({
  id: z.string(),
  client: z.string().nullable(),
  connectedAt: z.number(),
  /** The highest seq the client acknowledged (ack). */
  ackedSeq: z.number().int().nonnegative(),
  /** The sign-in session the socket was opened under; it closes when that session ends (null: opened before). */
  sessionId: z.string().nullable().default(null),
  /** When that session ends unless refreshed (unix ms); moved forward by each refresh. */
  sessionExpiresAt: z.number().nullable().default(null),
  /** Replays left (fractional while refilling) as of `at` (unix ms); null: the full RESUME_BURST. */
  resumeBudget: z.object({ tokens: z.number(), at: z.number() }).nullable().default(null),
});
export type SocketAttachment = z.infer<typeof socketAttachmentSchema>;

/**
 * Open sockets one user may hold (popup, background, approval page, a few browsers). Beyond it a new socket is
 * refused, so one token cannot pin the object's memory and every broadcast's cost.
 */
export const MAX_SOCKETS_PER_USER = 8;

/**
 * Replays one socket may ask for at once (`resume`), and how often it gets one more. A replay answers one small
 * frame with up to OUTBOX_CAPACITY stored messages, so a client asking in a loop would pin the object (and fill
 * its memory with frames to send) for all of the user's work. Vigil's client asks once per gap, and again at the
 * next pong at the earliest.
 */
export const RESUME_BURST = 3;
export const RESUME_REFILL_MS = 10_000;

export interface AcceptOptions {
  client?: string | null;
  /** The session the ticket was issued under. */
  session?: { id: string; expiresAt: number } | null;
  /** Replay the stored messages after this seq on the new socket before anything live. */
  lastSeq?: number | null;
}

/**
 * The user's open WebSockets, held with the hibernation API so an idle object costs nothing and sockets survive
 * eviction. Authentication happens in the Worker (a single-use ticket) before the upgrade reaches the object.
 * A malformed client message gets an `error` reply; the socket and every other one stay open.
 */
export class SocketsCapability {
  constructor(private readonly host: SocketsHost) {}

  /**
   * Marks a ticket as used; false when it was used before. Expired ones are forgotten here too (the Worker
   * already refuses them by their signed expiry, so the table only needs to cover the ticket's lifetime).
   */
  consumeTicket(ticketId: string, expiresAt: number): boolean {
    const db = this.host.db;
    db.delete(usedSocketTickets)
      .where(lt(usedSocketTickets.expiresAt, new Date(this.host.now())))
      .run();
    const inserted = db
      .insert(usedSocketTickets)
      .values({ ticketId, expiresAt: new Date(expiresAt) })
      .onConflictDoNothing()
      .returning()
      .all();
    return inserted.length === 1;
  }

  /**
   * Accepts an upgrade. Replay (if asked) is sent before this returns, so nothing live can overtake it. At the
   * cap the upgrade still completes but the socket is closed at once with WS_CLOSE_TOO_MANY_SOCKETS and a reason:
   * a browser's WebSocket cannot read an HTTP error on the handshake, only a close code.
   */
  accept(options: AcceptOptions = {}): Response {
    if (this.count() >= MAX_SOCKETS_PER_USER) {
      return this.refuse(
        WS_CLOSE_TOO_MANY_SOCKETS,
        `Too many open sockets (at most ${MAX_SOCKETS_PER_USER}); close one before opening another.`,
      );
    }
    const pair = new WebSocketPair();
    const [client, server] = Object.values(pair) as [WebSocket, WebSocket];
    const attachment: SocketAttachment = {
      id: this.host.newId(),
      client: options.client ?? null,
      connectedAt: this.host.now(),
      ackedSeq: 0,
      resumeBudget: null,
      sessionId: options.session?.id ?? null,
      sessionExpiresAt: options.session?.expiresAt ?? null,
    };
    this.host.ctx.acceptWebSocket(server, options.client ? [options.client] : []);
    server.serializeAttachment(attachment);
    if (options.lastSeq !== undefined && options.lastSeq !== null) this.replay(server, options.lastSeq);
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Completes the upgrade and closes the socket at once with `code` and `reason` (a browser's WebSocket cannot read
   * an HTTP error on the handshake, only a close code). The socket is never held, so it counts for nothing.
   */
  refuse(code: number, reason: string): Response {
    const pair = new WebSocketPair();
    const [client, server] = Object.values(pair) as [WebSocket, WebSocket];
    server.accept();
    server.close(code, reason);
    return new Response(null, { status: 101, webSocket: client });
  }

  count(): number {
    return this.host.ctx.getWebSockets().length;
  }

  /** Closes every socket of the session (logout, revoked family), telling the client why. Returns how many. */
  endSession(sessionId: string, reason: WsSessionEndReason): number {
    return this.closeWhere((attachment) => attachment.sessionId === sessionId, reason);
  }

  /** The session was refreshed: its sockets stay open until the new expiry. */
  renewSession(sessionId: string, expiresAt: number): void {
    for (const socket of this.host.ctx.getWebSockets()) {
      const current = socketAttachmentSchema.safeParse(socket.deserializeAttachment());
      if (current.success && current.data.sessionId === sessionId) {
        socket.serializeAttachment({ ...current.data, sessionExpiresAt: expiresAt });
      }
    }
  }

  /** Closes the sockets whose session has ended by `now`. Returns how many. */
  closeExpired(now: number): number {
    return this.closeWhere(
      (attachment) => attachment.sessionExpiresAt !== null && attachment.sessionExpiresAt <= now,
      "session_expired",
    );
  }

  private closeWhere(matches: (attachment: SocketAttachment) => boolean, reason: WsSessionEndReason): number {
    let closed = 0;
    for (const socket of this.host.ctx.getWebSockets()) {
      const attachment = socketAttachmentSchema.safeParse(socket.deserializeAttachment());
      if (!attachment.success || !matches(attachment.data)) continue;
      try {
        socket.close(WS_CLOSE_SESSION_ENDED, reason);
        closed++;
      } catch {
        // Already closing.
      }
    }
    return closed;
  }

  /** Sends to every open socket; returns how many got it. A broken socket must not stop the others. */
  broadcast(message: ServerMessage): number {
    const text = JSON.stringify(message);
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

  /** The object's webSocketMessage handler: one client frame in, at most a few frames back on that socket. */
  onMessage(socket: WebSocket, raw: string | ArrayBuffer): void {
    const message = parseClientMessage(raw);
    if ("error" in message) {
      send(socket, message.error);
      return;
    }
    switch (message.ok.type) {
      case "ping": {
        const { nonce } = message.ok;
        send(socket, {
          type: "pong",
          latestSeq: this.host.latestSeq(),
          ...(nonce === undefined ? {} : { nonce }),
        });
        break;
      }
      case "ack": {
        const current = socketAttachmentSchema.safeParse(socket.deserializeAttachment());
        if (current.success && message.ok.seq > current.data.ackedSeq) {
          socket.serializeAttachment({ ...current.data, ackedSeq: message.ok.seq });
        }
        break;
      }
      case "resume":
        if (this.takeResume(socket)) this.replay(socket, message.ok.lastSeq);
        else
          send(socket, {
            type: "error",
            code: "rate_limited",
            message:
              `Too many resumes: at most ${RESUME_BURST} at once, then one every ${RESUME_REFILL_MS / 1000} s. ` +
              "Ask again later (the next pong's latestSeq says whether anything is still missing).",
          });
        break;
    }
  }

  /** Spends one of the socket's replays; false when none is left (see RESUME_BURST). */
  private takeResume(socket: WebSocket): boolean {
    const current = socketAttachmentSchema.safeParse(socket.deserializeAttachment());
    if (!current.success) return false;
    const now = this.host.now();
    const budget = current.data.resumeBudget;
    const tokens =
      budget === null
        ? RESUME_BURST
        : Math.min(RESUME_BURST, budget.tokens + Math.max(0, now - budget.at) / RESUME_REFILL_MS);
    if (tokens < 1) return false;
    socket.serializeAttachment({ ...current.data, resumeBudget: { tokens: tokens - 1, at: now } });
    return true;
  }

  /** Closing handshake from the client: answer it (the runtime does not for hibernatable sockets). */
  onClose(socket: WebSocket, code: number, reason: string): void {
    try {
      // 1005/1006 are reserved and may not be sent back.
      socket.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
  }

  /** Everything stored after `lastSeq`, in order, or `resync` when part of it is gone. */
  private replay(socket: WebSocket, lastSeq: number): void {
    const page = this.host.since(lastSeq);
    if (page.truncated) {
      send(socket, {
        type: "resync",
        reason:
          lastSeq > page.latestSeq
            ? `seq ${lastSeq} was never sent; reload your state over HTTP.`
            : `Messages after seq ${lastSeq} are no longer kept; reload your state over HTTP.`,
        latestSeq: page.latestSeq,
        alerts: page.kept,
      });
      return;
    }
    for (const entry of page.entries) send(socket, entry);
  }
}

type ErrorMessage = Extract<EphemeralServerMessage, { type: "error" }>;

/** A client frame checked against the protocol, or the error reply that says what is wrong with it. */
export function parseClientMessage(
  raw: string | ArrayBuffer,
): { ok: ClientMessage } | { error: ErrorMessage } {
  if (typeof raw !== "string") {
    return { error: { type: "error", code: "invalid_message", message: "Send JSON text frames." } };
  }
  if (raw.length > MAX_CLIENT_MESSAGE_BYTES) {
    return {
      error: {
        type: "error",
        code: "message_too_large",
        message: `Client messages are at most ${MAX_CLIENT_MESSAGE_BYTES} bytes.`,
      },
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { error: { type: "error", code: "invalid_message", message: "Not JSON." } };
  }
  const parsed = clientMessageSchema.safeParse(json);
  if (parsed.success) return { ok: parsed.data };
  const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "message"}: ${i.message}`);
  return {
    error: {
      type: "error",
      code: "invalid_message",
      message: `Expected ping, ack or resume. ${issues.join("; ")}`,
    },
  };
}

function send(socket: WebSocket, message: ServerMessage | EphemeralServerMessage): void {
  try {
    socket.send(JSON.stringify(message));
  } catch {
    // The socket closed meanwhile; nothing to deliver to.
  }
}
