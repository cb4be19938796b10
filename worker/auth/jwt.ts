import { sign, verify } from "hono/jwt";
import type { z } from "zod";
import { UnauthorizedError } from "../errors";

/** Only this algorithm is accepted; `alg: none` or RS/ES tokens fail verification. */
const ALG = "HS256";

/** What a refused token is called in messages and reasons: "session token" → token_expired / token_invalid. */
export interface JwtKind {
  /** For people: "The <label> has expired…". */
  label: string;
  /** Reason prefix: `${reason}_expired`, `${reason}_invalid`. */
  reason: string;
  /** What to do when it expired. */
  whenExpired: string;
}

/** Signs `claims` with HS256 under `key`. Every token Vigil issues goes through here. */
export function signJwt(claims: Record<string, unknown>, key: string): Promise<string> {
  return sign(claims, key, ALG);
}

/**
 * Verifies signature, algorithm and `exp`, then the claims' shape. Every failure is a 401 whose details carry
 * only the error's name: hono's messages embed the whole token, which must never reach a log.
 */
export async function verifyJwt<S extends z.ZodType>(
  token: string,
  key: string,
  schema: S,
  kind: JwtKind,
): Promise<z.infer<S>> {
  let payload: unknown;
  try {
    payload = await verify(token, key, ALG);
  } catch (cause) {
    const expired = cause instanceof Error && cause.name === "JwtTokenExpired";
    throw new UnauthorizedError(
      expired ? `The ${kind.label} has expired; ${kind.whenExpired}` : `The ${kind.label} is invalid.`,
      expired ? `${kind.reason}_expired` : `${kind.reason}_invalid`,
      { details: cause instanceof Error ? cause.name : "verification failed" },
    );
  }
  const claims = schema.safeParse(payload);
  if (!claims.success) {
    throw new UnauthorizedError(`The ${kind.label} is invalid.`, `${kind.reason}_invalid`, {
      details: "claims malformed",
    });
  }
  return claims.data;
}
