import { createRoute } from "@hono/zod-openapi";
import type { Address, Hex } from "viem";
import {
  meResponseSchema,
  nonceResponseSchema,
  signInResponseSchema,
  walletSignInRequestSchema,
} from "../../../shared/schemas/auth";
import { consumeNonce, isNonceLive, issueNonce } from "../../auth/nonces";
import { checkSignInMessage, SIWE_STATEMENT, signInOriginFor, verifySignInSignature } from "../../auth/siwe";
import { issueToken } from "../../auth/tokens";
import { signInUser } from "../../auth/users";
import { publicClientFor } from "../../chain/client";
import { loadConfig } from "../../config";
import { createGlobalDb } from "../../db/client";
import { UnauthorizedError } from "../errors";
import { enforceRateLimit, rateLimitAuthByIp, requireAuth } from "../middleware";
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
  responses: { 200: jsonContent(nonceResponseSchema, "What to put in the message"), ...errorResponses(429) },
});

const wallet = createRoute({
  method: "post",
  path: "/auth/wallet",
  tags: ["auth"],
  summary: "Finish sign-in: verify the signed message, get a session token",
  description:
    "Verifies the EIP-4361 message (domain, URI, chain, nonce, times, address) and its signature through the " +
    "chain's RPC (EOAs, ERC-1271 and ERC-6492 wallets). Creates the user on first sign-in. The token is valid 7 days.",
  middleware: [rateLimitAuthByIp],
  request: { body: jsonBody(walletSignInRequestSchema) },
  responses: {
    200: jsonContent(signInResponseSchema, "Signed in"),
    ...errorResponses(400, 401, 413, 429, 502, 503),
  },
});

const me = createRoute({
  method: "get",
  path: "/me",
  tags: ["auth"],
  summary: "The signed-in user and their subscription",
  security: bearer,
  middleware: [requireAuth],
  responses: { 200: jsonContent(meResponseSchema, "The user"), ...errorResponses(401) },
});

export function registerAuthRoutes(app: App): void {
  app.openapi(nonce, async (c) => {
    const config = loadConfig(c.env);
    const origin = signInOriginFor(config, c.req.header("Origin"), c.req.url);
    const issued = await issueNonce(createGlobalDb(c.env.DB), Date.now());
    return c.json(
      {
        nonce: issued.nonce,
        expiresAt: new Date(issued.expiresAt).toISOString(),
        scheme: origin.scheme,
        domain: origin.domain,
        uri: origin.uri,
        chainIds: [...config.chainIds],
        statement: SIWE_STATEMENT,
        version: "1" as const,
      },
      200,
    );
  });

  app.openapi(wallet, async (c) => {
    const body = c.req.valid("json");
    const address = body.address as Address;
    await enforceRateLimit(
      c.env.AUTH_LIMIT_ADDRESS,
      `address:${address}`,
      "sign-in attempts for this address",
    );
    const config = loadConfig(c.env);
    const db = createGlobalDb(c.env.DB);
    const now = Date.now();
    const checked = checkSignInMessage(body.message, address, config, now);
    if (!(await isNonceLive(db, checked.nonce, now))) {
      throw new UnauthorizedError("The nonce is unknown, used or expired; get a new one.", "nonce_invalid");
    }
    const client = publicClientFor(config, checked.chainId);
    await verifySignInSignature(client, checked, body.message, body.signature as Hex, now);
    // Consumed only after a valid signature, so nobody can burn another user's nonce; atomic, so no replay.
    if (!(await consumeNonce(db, checked.nonce, now))) {
      throw new UnauthorizedError("The nonce is unknown, used or expired; get a new one.", "nonce_invalid");
    }
    const session = await signInUser(db, checked.address, now);
    c.set("userId", session.user.id);
    const { token, expiresAt } = await issueToken(session.user, config.jwtSecret, now);
    return c.json({ token, expiresAt: new Date(expiresAt).toISOString(), user: session.user }, 200);
  });

  app.openapi(me, (c) => {
    const { user, subscription } = c.get("session");
    return c.json({ user, subscription }, 200);
  });
}
