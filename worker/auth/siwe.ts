import { type Address, type Hex, isAddressEqual, type PublicClient } from "viem";
import { parseSiweMessage, verifySiweMessage } from "viem/siwe";
import { RPC_RETRY_AFTER_SECONDS, toUpstreamError } from "../chain/client";
import { type AllowedOrigin, type Config, originMatches } from "../config";
import { UnauthorizedError, UpstreamError, ValidationError } from "../errors";
import { NONCE_TTL_MS } from "./nonces";

export const SIWE_STATEMENT =
  "Sign in to Vigil to watch your DeFi positions. This does not send a transaction or cost gas.";

/** Clock difference tolerated between the wallet's device and us. */
const CLOCK_SKEW_MS = 60_000;
/** A message may ask for at most this lifetime (the session itself is the JWT's 7 days). */
const MAX_MESSAGE_LIFETIME_MS = 24 * 60 * 60_000;

/** The origin the client should put in its message: the caller's own origin when allowed, else our first one. */
export function signInOriginFor(
  config: Config,
  requestOrigin: string | undefined,
  requestUrl: string,
): AllowedOrigin & {
  domain: string;
  uri: string;
} {
  for (const candidate of [requestOrigin, new URL(requestUrl).origin]) {
    if (!candidate) continue;
    const [scheme = "", authority = ""] = candidate.split("://");
    const allowed = config.allowedOrigins.find((origin) => originMatches(origin, scheme, authority));
    if (allowed) return { ...allowed, domain: authority, uri: `${scheme}://${authority}/` };
  }
  const fallback =
    config.allowedOrigins.find((origin) => origin.authority !== null) ?? config.allowedOrigins[0];
  if (!fallback?.authority) throw new Error("SIWE_ALLOWED_ORIGINS has no concrete origin");
  return { ...fallback, domain: fallback.authority, uri: `${fallback.scheme}://${fallback.authority}/` };
}

const refuse = (shortMessage: string, reason: string) => new UnauthorizedError(shortMessage, reason);

export interface CheckedSignInMessage {
  address: Address;
  chainId: number;
  nonce: string;
  domain: string;
  /** As written in the message (EIP-4361 makes it optional; absent means https). */
  scheme: string | undefined;
}

/**
 * Everything about the message that needs no chain: EIP-4361 syntax, an allowed domain and URI, a served chain, the
 * claimed address, and sane times. Syntax errors are 400 (the client built it wrong), refusals are 401.
 */
export function checkSignInMessage(
  message: string,
  claimedAddress: Address,
  config: Config,
  now: number,
): CheckedSignInMessage {
  const parsed = parseSiweMessage(message);
  const { address, domain, uri, nonce, chainId, issuedAt, version } = parsed;
  if (!address || !domain || !uri || !nonce || chainId === undefined || !issuedAt || version !== "1") {
    throw new ValidationError("The message is not an EIP-4361 sign-in message.", [
      {
        location: "body",
        path: "message",
        message:
          "must be an EIP-4361 message with domain, address, URI, Version: 1, Chain ID, Nonce and Issued At (build it from GET /auth/nonce)",
      },
    ]);
  }
  const scheme = parsed.scheme ?? "https";
  if (!config.allowedOrigins.some((origin) => originMatches(origin, scheme, domain))) {
    throw refuse(`Sign-in messages for ${scheme}://${domain} are not accepted here.`, "domain_not_allowed");
  }
  let uriUrl: URL;
  try {
    uriUrl = new URL(uri);
  } catch {
    throw refuse("The message's URI is not a valid URI.", "uri_not_allowed");
  }
  if (uriUrl.protocol !== `${scheme}:` || uriUrl.host !== domain) {
    throw refuse("The message's URI does not belong to its domain.", "uri_not_allowed");
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
  if (Number.isNaN(issued) || issued > now + CLOCK_SKEW_MS || issued < now - NONCE_TTL_MS - CLOCK_SKEW_MS) {
    throw refuse("The message's Issued At time is not current.", "issued_at_invalid");
  }
  if (parsed.expirationTime) {
    const expires = parsed.expirationTime.getTime();
    if (Number.isNaN(expires) || expires <= now)
      throw refuse("The sign-in message has expired.", "message_expired");
    if (expires <= issued || expires - issued > MAX_MESSAGE_LIFETIME_MS) {
      throw refuse("The message's Expiration Time is not sane.", "expiration_invalid");
    }
  }
  if (parsed.notBefore) {
    const notBefore = parsed.notBefore.getTime();
    if (Number.isNaN(notBefore) || notBefore > now + CLOCK_SKEW_MS) {
      throw refuse("The sign-in message is not valid yet.", "message_not_yet_valid");
    }
  }
  return { address, chainId, nonce, domain, scheme: parsed.scheme };
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
