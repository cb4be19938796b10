import { type Address, getAddress, isAddress } from "viem";
import { createSiweMessage, parseSiweMessage } from "viem/siwe";
import { ValidationError } from "../errors";

/** The fields of an EIP-4361 message Vigil accepts: all required ones present, nothing Vigil never issues. */
export interface SignInMessageFields {
  scheme: string | undefined;
  domain: string;
  address: Address;
  statement: string | undefined;
  uri: string;
  version: "1";
  chainId: number;
  nonce: string;
  issuedAt: Date;
  expirationTime: Date | undefined;
  notBefore: Date | undefined;
}

const malformed = (reason: string, message: string) =>
  new ValidationError(
    "The message is not a sign-in message Vigil accepts.",
    [{ location: "body", path: "message", message }],
    { data: { reason } },
  );

/**
 * Parses an EIP-4361 message strictly. The parse is only trusted when re-building the message from the parsed
 * fields gives back exactly the signed text: an extra or injected line, a field out of order, a date not in the
 * canonical ISO form or anything after the last field makes them differ. Lenient parsers are how a wallet shows
 * one thing and a server accepts another. Errors are 400 with a stable `reason`.
 */
export function parseSignInMessage(text: string): SignInMessageFields {
  const parsed = parseSiweMessage(text);
  const { address, domain, uri, nonce, chainId, issuedAt, version } = parsed;
  if (!domain || !address || !uri || !nonce || chainId === undefined || !issuedAt || !version) {
    throw malformed(
      "message_malformed",
      "must be an EIP-4361 message with domain, address, URI, Version, Chain ID, Nonce and Issued At, in that order (build it from GET /auth/nonce)",
    );
  }
  if (version !== "1") throw malformed("version_unsupported", `Version must be 1, not "${version}"`);
  if (!isAddress(address, { strict: false }) || address !== getAddress(address)) {
    throw malformed("address_not_checksummed", "the address must be written EIP-55 checksummed");
  }
  if (parsed.requestId !== undefined || parsed.resources !== undefined) {
    throw malformed(
      "field_not_allowed",
      "Vigil issues no Request ID or Resources; the message must not carry them",
    );
  }
  const fields: SignInMessageFields = {
    scheme: parsed.scheme,
    domain,
    address,
    statement: parsed.statement,
    uri,
    version,
    chainId,
    nonce,
    issuedAt,
    expirationTime: parsed.expirationTime,
    notBefore: parsed.notBefore,
  };
  let rebuilt: string;
  try {
    rebuilt = createSiweMessage(fields);
  } catch {
    // A field that cannot be written (an invalid date or URI, a bad domain): the text cannot be canonical.
    throw malformed(
      "message_not_canonical",
      "a field is not valid EIP-4361 (dates are ISO 8601 in UTC, e.g. 2026-01-01T00:00:00.000Z)",
    );
  }
  if (rebuilt !== text) {
    throw malformed(
      "message_not_canonical",
      "has extra lines, fields out of order or a field not in canonical form (build it from GET /auth/nonce)",
    );
  }
  return fields;
}
