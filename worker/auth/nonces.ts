import { and, eq, gt, lt } from "drizzle-orm";
import { generateSiweNonce } from "viem/siwe";
import type { GlobalDb } from "../db/client";
import { authNonces } from "../db/schema";

/** A nonce is good for this long; the signed message must be submitted within it. */
export const NONCE_TTL_MS = 5 * 60_000;

/** What the message signed with a nonce must name, exactly as issued. */
export interface NonceBinding {
  scheme: string;
  domain: string;
  uri: string;
  statement: string;
}

/** A live nonce: its binding, and the challenge the client sent with it (null: none). */
export interface IssuedNonce extends NonceBinding {
  challenge: string | null;
}

export async function issueNonce(
  db: GlobalDb,
  binding: NonceBinding,
  now: number,
  challenge: string | null = null,
): Promise<{ nonce: string; expiresAt: number }> {
  const nonce = generateSiweNonce();
  const expiresAt = now + NONCE_TTL_MS;
  // Sweep expired nonces on the way (cheap: indexed on expires_at) so the table stays small without a cron.
  await db.batch([
    db.delete(authNonces).where(lt(authNonces.expiresAt, new Date(now))),
    db
      .insert(authNonces)
      .values({ nonce, ...binding, challenge, expiresAt: new Date(expiresAt), createdAt: new Date(now) }),
  ]);
  return { nonce, expiresAt };
}

/** The live nonce's binding (cheap pre-check before spending an RPC call on the signature), or null. */
export async function findLiveNonce(db: GlobalDb, nonce: string, now: number): Promise<IssuedNonce | null> {
  const row = await db
    .select({
      scheme: authNonces.scheme,
      domain: authNonces.domain,
      uri: authNonces.uri,
      statement: authNonces.statement,
      challenge: authNonces.challenge,
    })
    .from(authNonces)
    .where(and(eq(authNonces.nonce, nonce), gt(authNonces.expiresAt, new Date(now))))
    .get();
  return row ?? null;
}

/** Atomically uses the nonce up: exactly one of two concurrent sign-ins with the same nonce gets `true`. */
export async function consumeNonce(db: GlobalDb, nonce: string, now: number): Promise<boolean> {
  const rows = await db
    .delete(authNonces)
    .where(and(eq(authNonces.nonce, nonce), gt(authNonces.expiresAt, new Date(now))))
    .returning({ nonce: authNonces.nonce });
  return rows.length === 1;
}
