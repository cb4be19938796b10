import { type Address, type Hex, isAddressEqual, recoverMessageAddress, size } from "viem";

/** What an answer to personal_sign proves about who signed `message`. */
export type SignerCheck =
  | { kind: "matches" }
  /** A 65-byte ECDSA signature by another key: refused, whatever the page says. */
  | { kind: "other"; signer: Address }
  /** Not a plain ECDSA signature (a contract wallet's ERC-1271/6492 signature): only the API can check it. */
  | { kind: "contract" }
  | { kind: "malformed" };

/**
 * Who signed `message`, compared with the account the user chose. A page relaying to its wallet can answer
 * personal_sign itself, so a signature counts only if it recovers to that account (viem recoverMessageAddress,
 * EIP-191). Contract-wallet signatures cannot be recovered off chain; the API verifies those against the same
 * account, and the background still refuses a session for any other address.
 */
export async function checkSigner(message: string, signature: Hex, expected: Address): Promise<SignerCheck> {
  let length: number;
  try {
    length = size(signature);
  } catch {
    return { kind: "malformed" };
  }
  if (length !== 65) return length > 65 ? { kind: "contract" } : { kind: "malformed" };
  try {
    const signer = await recoverMessageAddress({ message, signature });
    return isAddressEqual(signer, expected) ? { kind: "matches" } : { kind: "other", signer };
  } catch {
    return { kind: "malformed" };
  }
}
