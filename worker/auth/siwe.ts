import { type Address, type Hex, isAddressEqual, type PublicClient } from "viem";
import { verifySiweMessage } from "viem/siwe";
import { signInChallengeOf } from "../../shared/auth/signInChallenge";
import { RPC_RETRY_AFTER_SECONDS, toUpstreamError } from "../chain/client";
import { type AllowedOrigin, type Config, originMatches } from "../config";
import { InternalError, UnauthorizedError, UpstreamError } from "../errors";
import { NONCE_TTL_MS, type NonceBinding } from "./nonces";
import { parseSignInMessage } from "./siweMessage";

export const SIWE_STATEMENT =
  "Sign in to Vigil to watch your DeFi positions. This does not send a transaction or cost gas.";

/** Clock difference tolerated between the wallet's device and us. */
const CLOCK_SKEW_MS = 60_000;
/** A message may ask for at most this lifetime (the session itself is its refresh family's). */
const MAX_MESSAGE_LIFETIME_MS = 24 * 60 * 60_000;

/**
 * The origin the client should put in its message: the caller's own web origin when allowed, else the API's own
 * (when allowed), else the first allowed web origin. An extension origin is never the message's domain: EIP-4361
 * needs an RFC 3986 authority with a host (an extension id is none, and wallets refuse it); the extension's calls
 * are bound to it by their Origin header instead.
 */
export function signInOriginFor(
  config: Config,
  requestOrigin: string | undefined,
  requestUrl: string,
): AllowedOrigin & { domain: string; uri: string } {
  const web = config.allowedOrigins.filter((origin) => origin.scheme === "http" || origin.scheme === "https");
  for (const candidate of [requestOrigin, new URL(requestUrl).origin]) {
    if (!candidate) continue;
    const [scheme = "", authority = ""] = candidate.split("://");
    const allowed = web.find((origin) => originMatches(origin, scheme, authority));
    if (allowed) return { ...allowed, domain: authority, uri: `${scheme}://${authority}/` };
  }
  const fallback = web[0];
  if (!fallback)
    throw new InternalError("SIWE_ALLOWED_ORIGINS lists no http(s) origin for sign-in messages.");
  return { ...fallback, domain: fallback.authority, uri: `${fallback.scheme}://${fallback.authority}/` };
}

/** A browser names the calling origin; a call from any origin not on the list is refused (tools send none). */
export function checkRequestOrigin(config: Config, requestOrigin: string | undefined): void {
  if (requestOrigin === undefined) return;
  const [scheme = "", authority = ""] = requestOrigin.split("://");
  if (!config.allowedOrigins.some((origin) => originMatches(origin, scheme, authority))) {
    throw refuse(`Sign-in from ${requestOrigin} is not accepted here.`, "origin_not_allowed");
  }
}

const refuse = (shortMessage: string, reason: string) => new UnauthorizedError(shortMessage, reason);

export interface CheckedSignInMessage {
  address: Address;
  chainId: number;
  nonce: string;
  domain: string;
  /** As written in the message (EIP-4361 makes it optional; absent means https). */
  scheme: string | undefined;
  statement: string | undefined;
  uri: string;
}

/**
 * Everything about the message that needs no chain: strict EIP-4361 syntax (400 when the client built it wrong),
 * then an allowed domain, a served chain, the claimed address and sane times (401 refusals).
 */
export function checkSignInMessage(
  message: string,
  claimedAddress: Address,
  config: Config,
  now: number,
): CheckedSignInMessage {
  const parsed = parseSignInMessage(message);
  const { address, domain, uri, nonce, chainId, issuedAt } = parsed;
  const scheme = parsed.scheme ?? "https";
  if (!config.allowedOrigins.some((origin) => originMatches(origin, scheme, domain))) {
    throw refuse(`Sign-in messages for ${scheme}://${domain} are not accepted here.`, "domain_not_allowed");
  }
  if (!config.chainIds.includes(chainId)) {
    throw refuse(
      `Chain ${chainId} is not supported (supported: ${config.chainIds.join(", ")}).`,
      "chain_not_supported",
    );
  }
  if (!isAddressEqual(address, claimedAddress)) {
    throw refuse("The message is for another address than the one signing in.", "address_mismatch");
  }
  const issued = issuedAt.getTime();
  if (issued > now + CLOCK_SKEW_MS || issued < now - NONCE_TTL_MS - CLOCK_SKEW_MS) {
    throw refuse("The message's Issued At time is not current.", "issued_at_invalid");
  }
  if (parsed.expirationTime) {
    const expires = parsed.expirationTime.getTime();
    if (expires <= now) throw refuse("The sign-in message has expired.", "message_expired");
    if (expires <= issued || expires - issued > MAX_MESSAGE_LIFETIME_MS) {
      throw refuse("The message's Expiration Time is not sane.", "expiration_invalid");
    }
  }
  if (parsed.notBefore && parsed.notBefore.getTime() > now + CLOCK_SKEW_MS) {
    throw refuse("The sign-in message is not valid yet.", "message_not_yet_valid");
  }
  return { address, chainId, nonce, domain, scheme: parsed.scheme, statement: parsed.statement, uri };
}

/**
 * The message must name exactly what the server issued with its nonce: the same scheme, domain and URI (so a
 * nonce fetched for one origin cannot sign in at another) and the same statement, word for word (so a page cannot
 * have the wallet show the user other words than Vigil's).
 */
export function checkNonceBinding(checked: CheckedSignInMessage, issued: NonceBinding): void {
  if ((checked.scheme ?? "https") !== issued.scheme || checked.domain !== issued.domain) {
    throw refuse("The message names another origin than its nonce was issued for.", "domain_mismatch");
  }
  if (checked.uri !== issued.uri) {
    throw refuse("The message's URI is not the one issued with its nonce.", "uri_mismatch");
  }
  if (checked.statement !== issued.statement) {
    throw refuse("The message's statement is not the one issued with its nonce.", "statement_mismatch");
  }
}

/**
 * A nonce issued with a challenge is redeemed only with its verifier (PKCE S256): whoever else saw the signed
 * message on its way (a web page relaying the wallet) cannot sign in with it. A nonce without one needs none.
 */
export async function checkSignInVerifier(
  challenge: string | null,
  verifier: string | undefined,
): Promise<void> {
  if (challenge === null) return;
  if (verifier === undefined)
    throw refuse("This sign-in was started with a challenge: send its verifier.", "verifier_missing");
  if ((await signInChallengeOf(verifier)) !== challenge)
    throw refuse("The verifier does not match the challenge this nonce was issued with.", "verifier_invalid");
}

/**
 * Verifies the signature through the chain's RPC so smart-contract wallets work: viem's verifySiweMessage uses the
 * ERC-6492 universal validator (covers ERC-1271 and undeployed ERC-4337 accounts) and falls back to ecrecover.
 * viem reports an unreachable RPC as "invalid signature", so the RPC is probed first (eth_chainId, retried): an
 * outage becomes a 503 with a retry hint instead of a misleading 401, and a URL pointing at the wrong chain is caught.
 */
export async function verifySignInSignature(
  client: PublicClient,
  checked: CheckedSignInMessage,
  message: string,
  signature: Hex,
  now: number,
): Promise<void> {
  let valid: boolean;
  try {
    const served = await client.getChainId();
    if (served !== checked.chainId) {
      throw new UpstreamError(
        `The RPC configured for chain ${checked.chainId} serves chain ${served}.`,
        RPC_RETRY_AFTER_SECONDS,
      );
    }
    valid = await verifySiweMessage(client, {
      message,
      signature,
      address: checked.address,
      domain: checked.domain,
      nonce: checked.nonce,
      ...(checked.scheme ? { scheme: checked.scheme } : {}),
      time: new Date(now),
    });
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    throw (
      toUpstreamError(error, "Verifying the signature") ??
      refuse("The signature is not valid.", "signature_invalid")
    );
  }
  if (!valid) throw refuse("The signature does not match the message and address.", "signature_invalid");
}
