import { createRoute } from "@hono/zod-openapi";
import type { Address, Hex } from "viem";
import {
  meResponseSchema,
  nonceQuerySchema,
  nonceResponseSchema,
  refreshRequestSchema,
  refreshResponseSchema,
  signInResponseSchema,
  walletSignInRequestSchema,
} from "../../../shared/schemas/auth";
import { consumeNonce, findLiveNonce, issueNonce } from "../../auth/nonces";
import { type IssuedRefresh, revokeSession, rotateRefreshToken, startSession } from "../../auth/sessions";
import {
  checkNonceBinding,
  checkRequestOrigin,
  checkSignInMessage,
  checkSignInVerifier,
  SIWE_STATEMENT,
  signInOriginFor,
  verifySignInSignature,
} from "../../auth/siwe";
import { issueAccessToken } from "../../auth/tokens";
import { findAccount, signInUser } from "../../auth/users";
import { publicClientFor } from "../../chain/client";
import { loadConfig } from "../../config";
import { createGlobalDb } from "../../db/client";
import type { Env } from "../../env";
import { causeChain, UnauthorizedError } from "../errors";
import { enforceRateLimit, rateLimitAuthByIp, requireAuth, requireAuthForLogout } from "../middleware";
import { type App, bearer, errorResponses, jsonBody, jsonContent } from "../openapi";

const nonce = createRoute({
  method: "get",
  path: "/auth/nonce",
  tags: ["auth"],
  summary: "Start a Sign-In with Ethereum (EIP-4361)",
  description:
    "Returns a single-use nonce and the domain, URI, chain ids and statement the EIP-4361 message must contain. " +
    "Sign the message (personal_sign) and send it to POST /auth/wallet before `expiresAt`.",
  middleware: [rateLimitAuthByIp],
  request: { query: nonceQuerySchema },
  responses: {
    200: jsonContent(nonceResponseSchema, "What to put in the message"),
    ...errorResponses(400, 429),
  },
});

const wallet = createRoute({
  method: "post",
  path: "/auth/wallet",
  tags: ["auth"],
  summary: "Finish sign-in: verify the signed message, get a session",
  description:
    "Verifies the EIP-4361 message strictly (canonical text, EIP-55 address; the domain, URI and statement issued " +
    "with the nonce; chain, times) and its signature through the chain's RPC (EOAs, ERC-1271 and ERC-6492 " +
    "wallets). Creates the user on first sign-in. Returns a short-lived access token and a refresh token.",
  middleware: [rateLimitAuthByIp],
  request: { body: jsonBody(walletSignInRequestSchema) },
  responses: {
    200: jsonContent(signInResponseSchema, "Signed in"),
    ...errorResponses(400, 401, 413, 429, 502, 503),
  },
});

const refresh = createRoute({
  method: "post",
  path: "/auth/refresh",
  tags: ["auth"],
  summary: "Renew the session without a new signature",
  description:
    "Trades a refresh token for a new access token and the next refresh token (the one sent is used up). A " +
    "refresh token presented after it was used revokes the whole session.",
  middleware: [rateLimitAuthByIp],
  request: { body: jsonBody(refreshRequestSchema) },
  responses: {
    200: jsonContent(refreshResponseSchema, "Renewed"),
    ...errorResponses(400, 401, 413, 429),
  },
});

const logout = createRoute({
  method: "post",
  path: "/auth/logout",
  tags: ["auth"],
  summary: "Sign out: end this session",
  description:
    "Revokes the session of the token: its access tokens are refused from now on, its refresh token never renews, " +
    "and its open WebSockets close (code 4001, reason `signed_out`). Repeating it with the same token (a signed-out " +
    "session's) is a 204 that changes nothing more.",
  security: bearer,
  middleware: [requireAuthForLogout],
  responses: { 204: { description: "Signed out" }, ...errorResponses(401) },
});

const me = createRoute({
  method: "get",
  path: "/me",
  tags: ["auth"],
  summary: "The signed-in user, their subscription, session and watch status",
  security: bearer,
  middleware: [requireAuth],
  responses: { 200: jsonContent(meResponseSchema, "The user"), ...errorResponses(401) },
});

const REFRESH_REFUSALS = {
  refresh_invalid: "The refresh token is not valid; sign in again.",
  refresh_expired: "The session has ended after long inactivity; sign in again.",
  session_revoked: "This session was signed out; sign in again.",
  refresh_reused: "This refresh token was already used; the session is ended for safety. Sign in again.",
} as const;

/** The user's object keeps the session's end: it closes the session's sockets then, and knows someone is signed in. */
async function tellObjectRenewed(env: Env, userId: string, issued: IssuedRefresh): Promise<void> {
  await env.USER.getByName(userId).sessionRenewed(issued.sessionId, issued.expiresAt);
}

/** The access token and the refresh token of a session, as the API answers them. */
async function sessionTokens(
  env: Env,
  subject: { userId: string; address: Address },
  issued: IssuedRefresh,
  now: number,
) {
  const access = await issueAccessToken(
    { ...subject, sessionId: issued.sessionId },
    loadConfig(env).jwtSecret,
    now,
  );
  return {
    token: access.token,
    expiresAt: new Date(access.expiresAt).toISOString(),
    refreshToken: issued.refreshToken,
    refreshExpiresAt: new Date(issued.expiresAt).toISOString(),
  };
}

export function registerAuthRoutes(app: App): void {
  app.openapi(nonce, async (c) => {
    const config = loadConfig(c.env);
    const origin = signInOriginFor(config, c.req.header("Origin"), c.req.url);
    const binding = {
      scheme: origin.scheme,
      domain: origin.domain,
      uri: origin.uri,
      statement: SIWE_STATEMENT,
    };
    const { challenge } = c.req.valid("query");
    const issued = await issueNonce(createGlobalDb(c.env.DB), binding, Date.now(), challenge ?? null);
    return c.json(
      {
        nonce: issued.nonce,
        expiresAt: new Date(issued.expiresAt).toISOString(),
        ...binding,
        chainIds: [...config.chainIds],
        version: "1" as const,
      },
      200,
    );
  });

  app.openapi(wallet, async (c) => {
    const body = c.req.valid("json");
    const address = body.address as Address;
    const config = loadConfig(c.env);
    checkRequestOrigin(config, c.req.header("Origin"));
    const db = createGlobalDb(c.env.DB);
    const now = Date.now();
    const checked = checkSignInMessage(body.message, address, config, now);
    const issued = await findLiveNonce(db, checked.nonce, now);
    if (!issued) {
      throw new UnauthorizedError("The nonce is unknown, used or expired; get a new one.", "nonce_invalid");
    }
    checkNonceBinding(checked, issued);
    await checkSignInVerifier(issued.challenge, body.verifier);
    const client = publicClientFor(config, checked.chainId);
    try {
      await verifySignInSignature(client, checked, body.message, body.signature as Hex, now);
    } catch (error) {
      // Only signatures that fail count against the address (guessing, or a contract wallet's costly check), so
      // nobody can lock a wallet out by sending junk in its name: its own valid signature is never refused.
      if (error instanceof UnauthorizedError) {
        await enforceRateLimit(
          c.env.AUTH_LIMIT_ADDRESS,
          `address:${address.toLowerCase()}`,
          "failed sign-in attempts for this address",
        );
      }
      throw error;
    }
    // Consumed only after a valid signature, so nobody can burn another user's nonce; atomic, so no replay.
    if (!(await consumeNonce(db, checked.nonce, now))) {
      throw new UnauthorizedError("The nonce is unknown, used or expired; get a new one.", "nonce_invalid");
    }
    const account = await signInUser(db, checked.address, now);
    c.set("userId", account.user.id);
    const session = await startSession(db, account.user.id, now);
    await tellObjectRenewed(c.env, account.user.id, session);
    const tokens = await sessionTokens(
      c.env,
      { userId: account.user.id, address: account.user.address },
      session,
      now,
    );
    return c.json({ ...tokens, user: account.user }, 200);
  });

  app.openapi(refresh, async (c) => {
    const { refreshToken } = c.req.valid("json");
    const db = createGlobalDb(c.env.DB);
    const now = Date.now();
    const rotated = await rotateRefreshToken(db, refreshToken, now);
    if (!rotated.ok) {
      if (rotated.reason === "refresh_reused" || rotated.reason === "session_revoked") {
        // Each time, not only the first: if telling the object failed before, its sockets would stay open.
        c.set("userId", rotated.userId);
        await c.env.USER.getByName(rotated.userId).sessionEnded(
          rotated.sessionId,
          rotated.revokedReason === "logout" ? "signed_out" : "session_revoked",
        );
      }
      throw new UnauthorizedError(REFRESH_REFUSALS[rotated.reason], rotated.reason);
    }
    c.set("userId", rotated.userId);
    const account = await findAccount(db, rotated.userId);
    if (!account)
      throw new UnauthorizedError("The account of this session no longer exists.", "user_not_found");
    // The token sent is used up now: failing here would leave the client only that one, whose next use counts as
    // reuse and ends the session. The object hears of the next renewal; until then its sockets keep the old end.
    try {
      await tellObjectRenewed(c.env, rotated.userId, rotated);
    } catch (error) {
      console.error(
        JSON.stringify({
          level: "error",
          msg: "the user's object did not hear of a session renewal",
          requestId: c.get("requestId"),
          userId: rotated.userId,
          sessionId: rotated.sessionId,
          cause: causeChain(error),
        }),
      );
    }
    return c.json(
      await sessionTokens(c.env, { userId: rotated.userId, address: account.user.address }, rotated, now),
      200,
    );
  });

  app.openapi(logout, async (c) => {
    const { user, sessionId } = c.get("session");
    try {
      // The object first: it closes the session's sockets and refuses new ones even before D1 says revoked.
      await c.env.USER.getByName(user.id).sessionEnded(sessionId, "signed_out");
    } finally {
      // Revoked whatever the object did (its tokens die now); a logout whose object call failed is repeated with
      // the same token (requireAuthForLogout lets a revoked session's token end it again) to close the sockets.
      await revokeSession(createGlobalDb(c.env.DB), sessionId, "logout", Date.now());
    }
    return c.body(null, 204);
  });

  app.openapi(me, async (c) => {
    const { user, subscription, sessionExpiresAt } = c.get("session");
    const stub = c.env.USER.getByName(user.id);
    const [activeUntil, watch] = await Promise.all([stub.sessionActiveUntil(), stub.watchStatus()]);
    const expiresAt = Math.max(activeUntil ?? 0, sessionExpiresAt);
    return c.json(
      {
        user,
        subscription,
        session: { active: activeUntil !== null, expiresAt: new Date(expiresAt).toISOString() },
        watch,
      },
      200,
    );
  });
}
