import { and, eq, gt, lt } from "drizzle-orm";
import { generateSiweNonce } from "viem/siwe";
import type { GlobalDb } from "../db/client";
import { authNonces } from "../db/schema";

/** A nonce is good for this long; the signed message must be submitted within it. */
export const NONCE_TTL_MS = 5 * 60_000;

export async function issueNonce(db: GlobalDb, now: number): Promise<{ nonce: string; expiresAt: number }> {
  const nonce = generateSiweNonce();
  const expiresAt = now + NONCE_TTL_MS;
  // Sweep expired nonces on the way (cheap: indexed on expires_at) so the table stays small without a cron.
  await db.batch([
    db.delete(authNonces).where(lt(authNonces.expiresAt, new Date(now))),
    db.insert(authNonces).values({ nonce, expiresAt: new Date(expiresAt), createdAt: new Date(now) }),
  ]);
  return { nonce, expiresAt };
}

/** Cheap pre-check before spending an RPC call on signature verification. */
export async function isNonceLive(db: GlobalDb, nonce: string, now: number): Promise<boolean> {
  const row = await db
    .select({ nonce: authNonces.nonce })
    .from(authNonces)
    .where(and(eq(authNonces.nonce, nonce), gt(authNonces.expiresAt, new Date(now))))
    .get();
  return row !== undefined;
}

/** Atomically uses the nonce up: exactly one of two concurrent sign-ins with the same nonce gets `true`. */
export async function consumeNonce(db: GlobalDb, nonce: string, now: number): Promise<boolean> {
  const rows = await db
    .delete(authNonces)
    .where(and(eq(authNonces.nonce, nonce), gt(authNonces.expiresAt, new Date(now))))
    .returning({ nonce: authNonces.nonce });
  return rows.length === 1;
}
