import type { Address } from "viem";
import { createSiweMessage } from "viem/siwe";
import type { AuthNonce } from "../api/contract";

export class SignInChainError extends Error {
  override readonly name = "SignInChainError";
}

/**
 * The EIP-4361 message for one sign-in, built only from what `GET /auth/nonce` said (domain, uri, statement,
 * nonce, allowed chains): the server checks every field, so the client invents none of them. The wallet's chain
 * is used when the API accepts it, else the first chain the API lists.
 */
export function buildSignInMessage(
  nonce: AuthNonce,
  address: Address,
  walletChainId: number,
  now: Date,
): string {
  const chainId = nonce.chainIds.includes(walletChainId) ? walletChainId : nonce.chainIds[0];
  if (chainId === undefined) throw new SignInChainError("The API accepts no chain for sign-in.");
  return createSiweMessage({
    // The scheme too: EIP-4361 defaults a missing one to https, which an http API or extension origin is not.
    scheme: nonce.scheme,
    domain: nonce.domain,
    uri: nonce.uri,
    address,
    chainId,
    nonce: nonce.nonce,
    version: "1",
    statement: nonce.statement,
    issuedAt: now,
    expirationTime: new Date(nonce.expiresAt),
  });
}
