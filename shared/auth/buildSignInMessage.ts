import type { Address } from "viem";
import { createSiweMessage } from "viem/siwe";
import type { NonceResponse } from "../schemas/auth";

export class SignInChainError extends Error {
  override readonly name = "SignInChainError";
}

type SiweParameters = Parameters<typeof createSiweMessage>[0];

export interface BuildSignInMessageParameters {
  nonce: NonceResponse;
  address: Address;
  /** The wallet's chain: used when the API accepts it, else the first chain the API lists. */
  walletChainId?: number;
  now?: Date;
  /** Tests only: change a field to see the server refuse it. */
  overrides?: Partial<SiweParameters>;
}

/**
 * The EIP-4361 message for one sign-in, built only from what `GET /auth/nonce` said (domain, uri, statement,
 * nonce, allowed chains): the server checks every field, so the client invents none of them. Used by the
 * extension, the worker's tests and the benchmarks alike.
 */
export function buildSignInMessage(params: BuildSignInMessageParameters): string {
  const { nonce, address, walletChainId, now = new Date(), overrides = {} } = params;
  const chainId =
    walletChainId !== undefined && nonce.chainIds.includes(walletChainId) ? walletChainId : nonce.chainIds[0];
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
    ...overrides,
  });
}
