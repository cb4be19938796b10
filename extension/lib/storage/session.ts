import { z } from "zod";
import { SIGN_IN_VERIFIER_PATTERN } from "../../../shared/auth/signInChallenge";
import { durableSessionItem } from "./durableSessionItem";
import { indexedDbOriginStore } from "./originStore";
import { storedItem } from "./storedItem";

/**
 * The signed-in session. It lives in browser.storage.session, which only Vigil's own pages and service worker
 * can read (its access level stays TRUSTED_CONTEXTS; content scripts, which run inside web pages, get nothing),
 * with a durable copy in the extension origin's IndexedDB (also out of content scripts' reach) so that a browser
 * restart does not end the watch (durableSessionItem.ts). Only the background uses the token; pages ask it for
 * the session *state*, and the in-page overlay gets its status by messages (overlay/statusChanged).
 */
export const storedSessionSchema = z.object({
  token: z.string().min(1),
  /** The API that issued the token: it is never sent anywhere else. */
  apiUrl: z.string(),
  address: z.string(),
  userId: z.string(),
  /** When the access token expires; it is renewed with the refresh token shortly before. */
  expiresAt: z.number().int(),
  /** Single use: each renewal returns the next one. Only the background reads it (like the token). */
  refreshToken: z.string().min(1),
  /** When the session ends unless renewed before (sliding on the server). */
  refreshExpiresAt: z.number().int(),
});
export type StoredSession = z.infer<typeof storedSessionSchema>;

export const sessionItem = durableSessionItem(
  "vigil:session",
  storedSessionSchema.nullable(),
  indexedDbOriginStore(),
);

/**
 * A sign-in message the background built and is waiting to see signed (one at a time), with the verifier of the
 * challenge its nonce was issued with: in storage.session, out of content scripts' reach, so a signature that
 * came back through a web page can only be redeemed by the background.
 */
export const pendingSignInSchema = z.object({
  apiUrl: z.string(),
  address: z.string(),
  message: z.string(),
  expiresAt: z.number().int(),
  verifier: z.string().regex(SIGN_IN_VERIFIER_PATTERN),
});
export const pendingSignInItem = storedItem(
  "vigil:pendingSignIn",
  pendingSignInSchema.nullable(),
  null,
  "session",
);

/** Why the last session ended, so the popup can say "your session expired" rather than a plain welcome. */
export const signedOutReasonItem = storedItem(
  "vigil:signedOutReason",
  z.enum(["signedOut", "expired"]).nullable(),
  null,
);
