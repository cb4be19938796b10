import { sign, verify } from "hono/jwt";
import type { User } from "../../shared/schemas/auth";
import { type SessionClaims, sessionClaimsSchema } from "../../shared/schemas/auth";
import { UnauthorizedError } from "../errors";

export const TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;
/** Only this algorithm is accepted; `alg: none` or RS/ES tokens fail verification. */
const ALG = "HS256";

export async function issueToken(
  user: User,
  secret: string,
  nowMs: number,
): Promise<{ token: string; expiresAt: number }> {
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + TOKEN_TTL_SECONDS;
  const claims: SessionClaims = { sub: user.id, address: user.address, iat, exp };
  return { token: await sign(claims, secret, ALG), expiresAt: exp * 1000 };
}

export async function verifyToken(token: string, secret: string): Promise<SessionClaims> {
  let payload: unknown;
  try {
    payload = await verify(token, secret, ALG);
  } catch (cause) {
    const expired = cause instanceof Error && cause.name === "JwtTokenExpired";
    throw new UnauthorizedError(
      expired ? "The session token has expired; sign in again." : "The session token is invalid.",
      expired ? "token_expired" : "token_invalid",
      // Only the error's name: hono's messages embed the whole token, which must never reach a log.
      { details: cause instanceof Error ? cause.name : "verification failed" },
    );
  }
  const claims = sessionClaimsSchema.safeParse(payload);
  if (!claims.success) {
    throw new UnauthorizedError("The session token is invalid.", "token_invalid", {
      details: "claims malformed",
    });
  }
  return claims.data;
}
