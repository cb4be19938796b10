import { z } from "zod";
import { SIGN_IN_CHALLENGE_PATTERN, SIGN_IN_VERIFIER_PATTERN } from "../auth/signInChallenge";
import { addressSchema, chainIdSchema, hexSchema, idSchema, isoDateTimeSchema } from "./common";
import { subscriptionSchema } from "./subscriptions";
import { watchStatusSchema } from "./watchStatus";

/** Everything a client needs to build the EIP-4361 message it will sign. */
export const nonceResponseSchema = z
  .object({
    nonce: z.string().regex(/^[a-zA-Z0-9]{8,}$/),
    expiresAt: isoDateTimeSchema,
    scheme: z
      .string()
      .meta({ description: "URI scheme the message must name (EIP-4361 defaults to https if absent)" }),
    domain: z
      .string()
      .meta({ description: "RFC 3986 authority the message must name (e.g. 127.0.0.1:8787)" }),
    uri: z.string().meta({ description: "URI the message must name" }),
    chainIds: z.array(chainIdSchema).meta({ description: "Chain ids the message may name" }),
    statement: z.string(),
    version: z.literal("1"),
  })
  .meta({ id: "SiweNonce" });
export type NonceResponse = z.infer<typeof nonceResponseSchema>;

/** At most this many characters of message: a SIWE message is a few hundred bytes. */
export const SIWE_MESSAGE_MAX_LENGTH = 4096;

/** GET /auth/nonce's query: a challenge binds the nonce to the client holding its verifier (signInChallenge.ts). */
export const nonceQuerySchema = z.strictObject({
  challenge: z
    .string()
    .regex(SIGN_IN_CHALLENGE_PATTERN, { error: "must be base64url(SHA-256(verifier)): 43 characters" })
    .optional()
    .meta({
      description:
        "base64url SHA-256 of a random verifier the client keeps (PKCE S256). With it, POST /auth/wallet must " +
        "send the verifier: a signature seen by anyone else (a web page relaying the wallet) cannot be redeemed.",
    }),
});

export const walletSignInRequestSchema = z
  .strictObject({
    address: addressSchema,
    signature: hexSchema.refine((sig) => sig.length >= 132 && sig.length <= 20_000, {
      error: "must be a signature (65 bytes for an EOA; ERC-1271/6492 signatures may be longer)",
    }),
    message: z.string().min(1).max(SIWE_MESSAGE_MAX_LENGTH),
    verifier: z
      .string()
      .regex(SIGN_IN_VERIFIER_PATTERN, { error: "must be 43–128 characters of A–Z, a–z, 0–9, - and _" })
      .optional()
      .meta({ description: "The verifier whose challenge was sent with the nonce (required then)" }),
  })
  .meta({ id: "WalletSignIn" });
export type WalletSignInRequest = z.input<typeof walletSignInRequestSchema>;

export const userSchema = z
  .object({
    id: idSchema,
    address: addressSchema,
    createdAt: isoDateTimeSchema,
    lastLoginAt: isoDateTimeSchema.nullable(),
  })
  .meta({ id: "User" });
export type User = z.infer<typeof userSchema>;

/** A refresh token is 32 random bytes in base64url. */
export const refreshTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, { error: "must be a refresh token from POST /auth/wallet or /auth/refresh" });

const sessionTokensShape = {
  token: z.string().meta({ description: "HS256 JWT; send as `Authorization: Bearer <token>`. Short-lived." }),
  expiresAt: isoDateTimeSchema,
  refreshToken: refreshTokenSchema.meta({
    description:
      "Trade for new tokens with POST /auth/refresh; single use (each answer carries the next one). Keep it where " +
      "only trusted code can read it: presenting a used one again ends the session.",
  }),
  refreshExpiresAt: isoDateTimeSchema.meta({ description: "The session ends then unless refreshed before" }),
};

export const signInResponseSchema = z
  .object({ ...sessionTokensShape, user: userSchema })
  .meta({ id: "SignIn" });
export type SignInResponse = z.infer<typeof signInResponseSchema>;

export const refreshRequestSchema = z
  .strictObject({ refreshToken: refreshTokenSchema })
  .meta({ id: "RefreshRequest" });
export type RefreshRequest = z.input<typeof refreshRequestSchema>;

export const refreshResponseSchema = z.object(sessionTokensShape).meta({ id: "Refresh" });
export type RefreshResponse = z.infer<typeof refreshResponseSchema>;

export const meResponseSchema = z
  .object({
    user: userSchema,
    subscription: subscriptionSchema,
    session: z
      .object({
        active: z.boolean().meta({
          description:
            "Whether the server holds a valid session for the user: without one it stops acting for them (no proposals)",
        }),
        expiresAt: isoDateTimeSchema.meta({
          description: "When the last of the user's sessions ends unless renewed (POST /auth/refresh)",
        }),
      })
      .meta({ id: "SessionStatus" }),
    watch: watchStatusSchema
      .optional()
      .describe("how well Vigil is watching: the last and next check and each chain's status"),
  })
  .meta({ id: "Me" });
export type MeResponse = z.infer<typeof meResponseSchema>;
