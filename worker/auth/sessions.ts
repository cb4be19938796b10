import { and, eq, isNull, lt } from "drizzle-orm";
import type { GlobalDb } from "../db/client";
import { authSessions, refreshTokens } from "../db/schema";

/** A session not refreshed for this long ends (sliding: every refresh moves it forward). */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60_000;
/**
 * A used refresh token is kept this long, so presenting it again is recognised as reuse and ends the session.
 * Later it is forgotten (one row per hourly refresh would otherwise pile up for the session's whole life): a
 * replay after that is still refused, as an unknown token.
 */
export const REUSE_DETECTION_MS = 24 * 60 * 60_000;

export type RevokedReason = NonNullable<typeof authSessions.$inferSelect.revokedReason>;

/** A refresh token: 32 random bytes, base64url. Only its SHA-256 is stored. */
function newRefreshToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

export interface IssuedRefresh {
  sessionId: string;
  refreshToken: string;
  /** When the session ends unless refreshed before. */
  expiresAt: number;
}

/** Starts a session (one sign-in) with its first refresh token; forgets the user's long-ended sessions. */
export async function startSession(db: GlobalDb, userId: string, now: number): Promise<IssuedRefresh> {
  const sessionId = crypto.randomUUID();
  const refreshToken = newRefreshToken();
  const expiresAt = now + SESSION_TTL_MS;
  await db.batch([
    // Ended sessions and their refresh tokens (cascade) are only needed until they expire.
    db
      .delete(authSessions)
      .where(and(eq(authSessions.userId, userId), lt(authSessions.expiresAt, new Date(now)))),
    db.insert(authSessions).values({
      id: sessionId,
      userId,
      createdAt: new Date(now),
      expiresAt: new Date(expiresAt),
    }),
    db.insert(refreshTokens).values({
      tokenHash: await hashToken(refreshToken),
      sessionId,
      issuedAt: new Date(now),
      expiresAt: new Date(expiresAt),
    }),
  ]);
  return { sessionId, refreshToken, expiresAt };
}

export type RotateResult =
  | ({ ok: true; userId: string } & IssuedRefresh)
  | { ok: false; reason: "refresh_invalid" | "refresh_expired" }
  /**
   * The token was used before: the family is now revoked (refresh_reused), or it was revoked before
   * (session_revoked). Either way its sockets must close (again: telling the user's object may have failed before).
   */
  | {
      ok: false;
      reason: "refresh_reused" | "session_revoked";
      userId: string;
      sessionId: string;
      /** Why the session ended: a logout, or a refresh token used twice (this time or before). */
      revokedReason: RevokedReason;
    };

/**
 * Trades a refresh token for the next one (rotation). A token presented a second time means two parties hold it
 * (one of them a thief): the whole session is revoked, so neither can go on. Two concurrent refreshes with the
 * same token count as reuse too (only one can win the `usedAt IS NULL` update); clients refresh one at a time.
 */
export async function rotateRefreshToken(
  db: GlobalDb,
  refreshToken: string,
  now: number,
): Promise<RotateResult> {
  const tokenHash = await hashToken(refreshToken);
  const row = await db
    .select({ token: refreshTokens, session: authSessions })
    .from(refreshTokens)
    .innerJoin(authSessions, eq(authSessions.id, refreshTokens.sessionId))
    .where(eq(refreshTokens.tokenHash, tokenHash))
    .get();
  if (!row) return { ok: false, reason: "refresh_invalid" };
  const { token, session } = row;
  if (session.revokedAt !== null) {
    return {
      ok: false,
      reason: "session_revoked",
      userId: session.userId,
      sessionId: session.id,
      revokedReason: session.revokedReason ?? "refresh_reused",
    };
  }
  const reused = async () => {
    await revokeSession(db, session.id, "refresh_reused", now);
    return {
      ok: false,
      reason: "refresh_reused",
      userId: session.userId,
      sessionId: session.id,
      revokedReason: "refresh_reused",
    } as const;
  };
  if (token.usedAt !== null) return reused();
  if (token.expiresAt.getTime() <= now || session.expiresAt.getTime() <= now) {
    return { ok: false, reason: "refresh_expired" };
  }
  const next = newRefreshToken();
  const expiresAt = now + SESSION_TTL_MS;
  // One batch (one D1 transaction): the old token is spent only together with the next one being written, so a
  // failure part way can never leave the client holding nothing but a spent token. Only one of two concurrent uses
  // can claim it (`usedAt IS NULL`); the loser revokes the session below, the token written with it included.
  const [claimed] = await db.batch([
    db
      .update(refreshTokens)
      .set({ usedAt: new Date(now) })
      .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.usedAt)))
      .returning({ tokenHash: refreshTokens.tokenHash }),
    db.insert(refreshTokens).values({
      tokenHash: await hashToken(next),
      sessionId: session.id,
      issuedAt: new Date(now),
      expiresAt: new Date(expiresAt),
    }),
    db
      .update(authSessions)
      .set({ expiresAt: new Date(expiresAt) })
      .where(eq(authSessions.id, session.id)),
    db
      .delete(refreshTokens)
      .where(
        and(
          eq(refreshTokens.sessionId, session.id),
          lt(refreshTokens.usedAt, new Date(now - REUSE_DETECTION_MS)),
        ),
      ),
  ]);
  if (claimed.length !== 1) return reused();
  return { ok: true, userId: session.userId, sessionId: session.id, refreshToken: next, expiresAt };
}

/** Ends the session: its access tokens are refused from the next request on, its refresh tokens never rotate. */
export async function revokeSession(
  db: GlobalDb,
  sessionId: string,
  reason: RevokedReason,
  now: number,
): Promise<void> {
  await db
    .update(authSessions)
    .set({ revokedAt: new Date(now), revokedReason: reason })
    .where(and(eq(authSessions.id, sessionId), isNull(authSessions.revokedAt)));
}
