import { eq, inArray } from "drizzle-orm";
import type { GlobalDb } from "../db/client";
import { authSessions, refreshTokens, subscriptions, users } from "../db/schema";

/** The user's sign-in sessions as the export shows them (no token material). */
export async function sessionsOf(db: GlobalDb, userId: string) {
  const rows = await db.select().from(authSessions).where(eq(authSessions.userId, userId)).all();
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedReason: row.revokedReason ?? null,
  }));
}

/**
 * Deletes the user's global rows: refresh tokens, sessions (so every token of theirs is refused from now on: the
 * auth middleware looks the session and the user up on every request), subscription and the user. One batch, so
 * it happens entirely or not at all.
 */
export async function deleteUserRecords(db: GlobalDb, userId: string): Promise<void> {
  const sessionIds = (
    await db.select({ id: authSessions.id }).from(authSessions).where(eq(authSessions.userId, userId)).all()
  ).map((row) => row.id);
  await db.batch([
    db
      .delete(refreshTokens)
      .where(inArray(refreshTokens.sessionId, sessionIds.length > 0 ? sessionIds : [""])),
    db.delete(authSessions).where(eq(authSessions.userId, userId)),
    db.delete(subscriptions).where(eq(subscriptions.userId, userId)),
    db.delete(users).where(eq(users.id, userId)),
  ]);
}
