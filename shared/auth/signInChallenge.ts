/**
 * Binds a sign-in to the client that started it (PKCE, RFC 7636 S256): the client keeps a random verifier, sends
 * only its SHA-256 (the challenge) with the nonce request, and the verifier itself with the signed message. A
 * signature seen on its way back through a web page (a page wallet's relay) cannot be redeemed without it.
 */

/** 32 random bytes in base64url: 43 characters. RFC 7636 allows 43–128 of the unreserved set. */
export const SIGN_IN_VERIFIER_PATTERN = /^[A-Za-z0-9_-]{43,128}$/;
/** SHA-256 in base64url without padding: 43 characters. */
export const SIGN_IN_CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** A fresh verifier: kept by the client that signs in, never shown to a page. */
export function newSignInVerifier(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The challenge sent with the nonce request: base64url(SHA-256(verifier)). */
export async function signInChallengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}
