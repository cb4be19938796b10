import { and, eq } from "drizzle-orm";
import { type Address, getAddress } from "viem";
import type { User } from "../../shared/schemas/auth";
import { type Subscription, TIER_LIMITS } from "../../shared/schemas/subscriptions";
import type { GlobalDb } from "../db/client";
import { authSessions, subscriptions, users } from "../db/schema";

/** The signed-in user of a request, loaded from D1 by the auth middleware. */
export interface Session {
  user: User;
  subscription: Subscription;
  /** The sign-in (refresh family) the access token belongs to, and when it ends unless refreshed. */
  sessionId: string;
  sessionExpiresAt: number;
}

type UserRow = typeof users.$inferSelect;
type SubscriptionRow = typeof subscriptions.$inferSelect;

/** A user and their plan, without a session. */
export type Account = Pick<Session, "user" | "subscription">;

/** The one form an address is stored and looked up in: lower-case hex. One key is one user, whatever its case. */
export const addressKey = (address: Address): string => address.toLowerCase();

function toUser(row: UserRow): User {
  return {
    id: row.id,
    address: getAddress(row.address),
    createdAt: row.createdAt.toISOString(),
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  };
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    tier: row.tier,
    // Watched-account limits follow the tier (not copied into the row like maxRules: no D1 migration for them).
    limits: { maxRules: row.maxRules, maxWatchedAccounts: TIER_LIMITS[row.tier].maxWatchedAccounts },
    periodStart: row.periodStart.toISOString(),
    periodEnd: row.periodEnd?.toISOString() ?? null,
  };
}

export async function findAccount(db: GlobalDb, userId: string): Promise<Account | null> {
  const row = await db
    .select({ user: users, subscription: subscriptions })
    .from(users)
    .innerJoin(subscriptions, eq(subscriptions.userId, users.id))
    .where(eq(users.id, userId))
    .get();
  return row ? { user: toUser(row.user), subscription: toSubscription(row.subscription) } : null;
}

export type SessionLookup =
  | { ok: true; session: Session }
  | { ok: false; reason: "user_not_found" | "session_expired" }
  /** The session was signed out or revoked (only POST /auth/logout may still end it again: see requireAuth). */
  | { ok: false; reason: "session_revoked"; session: Session };

/** The user of an access token, if their account exists and the token's session is neither revoked nor ended. */
export async function findSession(
  db: GlobalDb,
  userId: string,
  sessionId: string,
  now: number,
): Promise<SessionLookup> {
  const row = await db
    .select({ user: users, subscription: subscriptions, session: authSessions })
    .from(users)
    .innerJoin(subscriptions, eq(subscriptions.userId, users.id))
    .leftJoin(authSessions, and(eq(authSessions.id, sessionId), eq(authSessions.userId, users.id)))
    .where(eq(users.id, userId))
    .get();
  if (!row) return { ok: false, reason: "user_not_found" };
  // A session row that is gone was swept after it ended.
  if (!row.session) return { ok: false, reason: "session_expired" };
  if (row.session.expiresAt.getTime() <= now) return { ok: false, reason: "session_expired" };
  const session: Session = {
    user: toUser(row.user),
    subscription: toSubscription(row.subscription),
    sessionId,
    sessionExpiresAt: row.session.expiresAt.getTime(),
  };
  if (row.session.revokedAt !== null) return { ok: false, reason: "session_revoked", session };
  return { ok: true, session };
}

/** Finds the wallet's user or creates it with a free subscription, and records the login. */
export async function signInUser(db: GlobalDb, address: Address, now: number): Promise<Account> {
  const at = new Date(now);
  const id = crypto.randomUUID();
  const key = addressKey(address);
  // Insert-or-ignore keeps two simultaneous first sign-ins of one wallet from creating two users.
  await db.batch([
    db.insert(users).values({ id, address: key, createdAt: at, lastLoginAt: at }).onConflictDoNothing(),
    db.update(users).set({ lastLoginAt: at }).where(eq(users.address, key)),
  ]);
  const user = await db.select().from(users).where(eq(users.address, key)).get();
  if (!user) throw new Error(`user ${address} vanished right after sign-in`);
  await db
    .insert(subscriptions)
    .values({
      userId: user.id,
      tier: "free",
      maxRules: TIER_LIMITS.free.maxRules,
      periodStart: at,
      periodEnd: null,
    })
    .onConflictDoNothing();
  const account = await findAccount(db, user.id);
  if (!account) throw new Error(`account ${user.id} missing right after sign-in`);
  return account;
}
