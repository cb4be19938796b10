import type { Address } from "viem";
import { z } from "zod";
import { addressSchema, idSchema } from "../../shared/schemas/common";
import { signJwt, verifyJwt } from "./jwt";

/**
 * Access tokens are short-lived: the session lives on in its refresh tokens (see sessions.ts), so a stolen access
 * token is worth an hour at most, and a revoked session is refused at once anyway (every request checks `sid`).
 */
export const ACCESS_TOKEN_TTL_SECONDS = 60 * 60;

/** Claims of the access token: `sub` = user id, `sid` = the session (refresh family) it belongs to. */
const accessClaimsSchema = z.object({
  sub: idSchema,
  sid: idSchema,
  /** Unique per token, so two tokens issued in the same second still differ. */
  jti: z.uuid(),
  address: addressSchema,
  iat: z.number().int(),
  exp: z.number().int(),
});
export type AccessClaims = z.infer<typeof accessClaimsSchema>;

export async function issueAccessToken(
  subject: { userId: string; address: Address; sessionId: string },
  secret: string,
  nowMs: number,
): Promise<{ token: string; expiresAt: number }> {
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + ACCESS_TOKEN_TTL_SECONDS;
  const claims: AccessClaims = {
    sub: subject.userId,
    sid: subject.sessionId,
    jti: crypto.randomUUID(),
    address: subject.address,
    iat,
    exp,
  };
  return { token: await signJwt(claims, secret), expiresAt: exp * 1000 };
}

export function verifyAccessToken(token: string, secret: string): Promise<AccessClaims> {
  return verifyJwt(token, secret, accessClaimsSchema, {
    label: "session token",
    reason: "token",
    whenExpired: "renew it with POST /auth/refresh or sign in again.",
  });
}
