import { createMiddleware } from "hono/factory";
import { verifyAccessToken } from "../../auth/tokens";
import { findSession } from "../../auth/users";
import { loadConfig } from "../../config";
import { createGlobalDb } from "../../db/client";
import type { AppEnv } from "../appEnv";
import { UnauthorizedError } from "../errors";

const REFUSALS = {
  user_not_found: "The account of this session no longer exists.",
  session_revoked: "This session was signed out; sign in again.",
  session_expired: "This session has ended; sign in again.",
} as const;

function authenticate(options: { revokedToo: boolean }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header("Authorization");
    const match = header?.match(/^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/);
    if (!match?.[1]) {
      throw new UnauthorizedError("Sign in first: send Authorization: Bearer <token>.", "token_missing");
    }
    const claims = await verifyAccessToken(match[1], loadConfig(c.env).jwtSecret);
    const found = await findSession(createGlobalDb(c.env.DB), claims.sub, claims.sid, Date.now());
    if (!found.ok && (found.reason !== "session_revoked" || !options.revokedToo)) {
      throw new UnauthorizedError(REFUSALS[found.reason], found.reason);
    }
    c.set("session", found.session);
    c.set("userId", found.session.user.id);
    await next();
  });
}

/**
 * Requires `Authorization: Bearer <jwt>` whose session (`sid`) is still live for a user that still exists; sets
 * `session` and `userId`. Checked on every request, so a logout or a revoked refresh family takes effect at once.
 */
export const requireAuth = authenticate({ revokedToo: false });

/**
 * For POST /auth/logout only: like requireAuth, and also lets the token of a session that was already signed out
 * or revoked through, so a logout that failed half-way (its sockets not closed) can be repeated. Ending a session
 * again changes nothing else.
 */
export const requireAuthForLogout = authenticate({ revokedToo: true });
