import { eq } from "drizzle-orm";
import type { Address } from "viem";
import type { User } from "../../shared/schemas/auth";
import { type Subscription, TIER_LIMITS } from "../../shared/schemas/subscriptions";
import type { GlobalDb } from "../db/client";
import { subscriptions, users } from "../db/schema";

/** The signed-in user of a request, loaded from D1 by the auth middleware. */
export interface Session {
  user: User;
  subscription: Subscription;
}

type UserRow = typeof users.$inferSelect;
type SubscriptionRow = typeof subscriptions.$inferSelect;

function toUser(row: UserRow): User {
  return {
    id: row.id,
    address: row.address as Address,
    createdAt: row.createdAt.toISOString(),
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  };
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    tier: row.tier,
    limits: { maxRules: row.maxRules },
    periodStart: row.periodStart.toISOString(),
    periodEnd: row.periodEnd?.toISOString() ?? null,
  };
}

export async function findSession(db: GlobalDb, userId: string): Promise<Session | null> {
  const row = await db
    .select({ user: users, subscription: subscriptions })
    .from(users)
    .innerJoin(subscriptions, eq(subscriptions.userId, users.id))
    .where(eq(users.id, userId))
    .get();
  return row ? { user: toUser(row.user), subscription: toSubscription(row.subscription) } : null;
}

/** Finds the wallet's user or creates it with a free subscription, and records the login. */
export async function signInUser(db: GlobalDb, address: Address, now: number): Promise<Session> {
  const at = new Date(now);
  const id = crypto.randomUUID();
  // Insert-or-ignore keeps two simultaneous first sign-ins of one wallet from creating two users.
  await db.batch([
    db.insert(users).values({ id, address, createdAt: at, lastLoginAt: at }).onConflictDoNothing(),
    db.update(users).set({ lastLoginAt: at }).where(eq(users.address, address)),
  ]);
  const user = await db.select().from(users).where(eq(users.address, address)).get();
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
  const session = await findSession(db, user.id);
  if (!session) throw new Error(`session for ${user.id} missing right after sign-in`);
  return session;
}
