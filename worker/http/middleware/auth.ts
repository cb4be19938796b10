import { createMiddleware } from "hono/factory";
import { verifyToken } from "../../auth/tokens";
import { findSession } from "../../auth/users";
import { loadConfig } from "../../config";
import { createGlobalDb } from "../../db/client";
import type { AppEnv } from "../app-env";
import { UnauthorizedError } from "../errors";

/** Requires `Authorization: Bearer <jwt>` for a user that still exists; sets `session` and `userId`. */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("Authorization");
  const match = header?.match(/^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/);
  if (!match?.[1]) {
    throw new UnauthorizedError("Sign in first: send Authorization: Bearer <token>.", "token_missing");
  }
  const claims = await verifyToken(match[1], loadConfig(c.env).jwtSecret);
  const session = await findSession(createGlobalDb(c.env.DB), claims.sub);
  if (!session)
    throw new UnauthorizedError("The account of this session no longer exists.", "user_not_found");
  c.set("session", session);
  c.set("userId", session.user.id);
  await next();
});
