import type { WsSessionEndReason } from "../../../shared/schemas/ws";
import { SESSION_TTL_MS } from "../../auth/sessions";
import type { ScheduledTask } from "./scheduler";

/** What the sessions capability needs: the object's synchronous KV, the clock, and the sockets to close. */
export interface SessionsHost {
  kv: Pick<SyncKvStorage, "get" | "put" | "delete" | "list">;
  now(): number;
  closeExpiredSockets(now: number): number;
  socketCount(): number;
}

const PREFIX = "session.";
/** When the last session ended (signed out, revoked or expired): outside PREFIX so it is not taken for a session. */
const LAST_END_KEY = "sessions.lastEndedAt";
/** A signed-out or revoked session, remembered so a request that passed the Worker's check before cannot revive it. */
const ENDED_PREFIX = "sessions.ended.";
interface EndedSession {
  reason: WsSessionEndReason;
  /** Forgotten after this (unix ms): by then the session would have run out anyway. */
  until: number;
}
/** How often open sockets are checked against their session's end (a socket outlives it by at most this). */
export const SESSION_CHECK_INTERVAL_MS = 60_000;

/**
 * The user's sign-in sessions as this object knows them (the Worker reports each start, refresh and end; D1 stays
 * the authority for requests). It answers one question for the object's own work: does the user still have a
 * valid session? Nobody signed in means nobody to propose to. It also closes sockets whose session ran out.
 */
export class SessionsCapability {
  constructor(private readonly host: SessionsHost) {}

  /**
   * A session started or was refreshed: valid until `expiresAt`. False (nothing recorded) when it already ended:
   * a refresh that read the session just before its logout reports it after the end, and must not revive it.
   */
  record(sessionId: string, expiresAt: number): boolean {
    if (this.endedReason(sessionId) !== null) return false;
    this.host.kv.put(`${PREFIX}${sessionId}`, expiresAt);
    return true;
  }

  /**
   * The session was signed out or revoked. It is remembered as ended for as long as it could otherwise have been
   * renewed, so a refresh or a socket upgrade that passed the Worker's check just before cannot bring it back.
   */
  end(sessionId: string, reason: WsSessionEndReason): void {
    const now = this.host.now();
    this.host.kv.delete(`${PREFIX}${sessionId}`);
    this.host.kv.put(LAST_END_KEY, now);
    for (const [key, ended] of [...this.host.kv.list<EndedSession>({ prefix: ENDED_PREFIX })]) {
      if (ended.until <= now) this.host.kv.delete(key);
    }
    if (this.endedReason(sessionId) === null) {
      this.host.kv.put(`${ENDED_PREFIX}${sessionId}`, {
        reason,
        until: now + SESSION_TTL_MS,
      } satisfies EndedSession);
    }
  }

  /** Whether the object was told of the session's start or refresh, and it has not ended or run out since. */
  isLive(sessionId: string): boolean {
    const expiresAt = this.host.kv.get<number>(`${PREFIX}${sessionId}`);
    return expiresAt !== undefined && expiresAt > this.host.now();
  }

  /** Why the session ended when this object was told it did (signed out, revoked), else null. */
  endedReason(sessionId: string): WsSessionEndReason | null {
    const ended = this.host.kv.get<EndedSession>(`${ENDED_PREFIX}${sessionId}`);
    return ended && ended.until > this.host.now() ? ended.reason : null;
  }

  /** When the last session ended, or null when none has (since when the user is not watched, with no session). */
  lastEndedAt(): number | null {
    this.activeUntil();
    return this.host.kv.get<number>(LAST_END_KEY) ?? null;
  }

  /** The latest end among the user's live sessions, or null when none is valid now. */
  activeUntil(now = this.host.now()): number | null {
    let latest: number | null = null;
    for (const [key, expiresAt] of [...this.host.kv.list<number>({ prefix: PREFIX })]) {
      if (expiresAt <= now) {
        this.host.kv.delete(key);
        if (expiresAt > (this.host.kv.get<number>(LAST_END_KEY) ?? 0))
          this.host.kv.put(LAST_END_KEY, expiresAt);
      } else if (latest === null || expiresAt > latest) {
        latest = expiresAt;
      }
    }
    return latest;
  }

  /** Closes sockets whose session ended, while any socket is open. */
  task(): ScheduledTask {
    return {
      name: "session-expiry",
      intervalMs: SESSION_CHECK_INTERVAL_MS,
      isActive: () => this.host.socketCount() > 0,
      run: async (now) => {
        this.host.closeExpiredSockets(now);
      },
    };
  }
}
