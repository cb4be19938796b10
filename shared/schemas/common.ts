import { getAddress, isAddress } from "viem";
import { z } from "zod";

export { ADDRESS_PATTERN } from "./addressPattern";

/**
 * Characters free text may not contain: C0/C1 controls and DEL (they break logs, notifications and the one-line
 * fields they land in) and the bidirectional controls (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069), which let
 * a rule name display as something other than what it is ("Trojan Source"). Also the line/paragraph separators.
 */
const FORBIDDEN_TEXT = /[\p{Cc}\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** True when `value` has no control or bidi-control character. */
export function isPlainText(value: string): boolean {
  return !FORBIDDEN_TEXT.test(value);
}

/** The one refinement every free-text input field uses (rule names, labels, nonces …); chain it before trim/max. */
export const plainTextSchema = z.string({ error: "must be text" }).refine(isPlainText, {
  error: "must not contain control characters or bidirectional-override characters",
});

/**
 * False for a mixed-case address whose EIP-55 checksum does not hold: the mixed case says it carries a checksum,
 * and a wrong one means a typo (watching it would watch some other, empty account). All lower or all upper case
 * carries none and passes.
 */
export function hasValidChecksum(address: string): boolean {
  const hex = address.slice(2);
  return hex === hex.toLowerCase() || hex === hex.toUpperCase() || getAddress(address) === address;
}

/**
 * An EVM address, all lower or upper case or EIP-55 checksummed; normalised to its checksum form so comparisons and
 * storage agree.
 */
export const addressSchema = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), {
    error: "must be a 0x-prefixed 20-byte address",
    abort: true,
  })
  .refine(hasValidChecksum, {
    error: "has a wrong EIP-55 checksum (mixed case): check it for a typo, or send it all in lower case",
  })
  .transform((value) => getAddress(value));

export const hexSchema = z
  .string()
  .regex(/^0x([0-9a-fA-F]{2})*$/, { error: "must be 0x-prefixed hex with an even number of digits" })
  .transform((value) => value as `0x${string}`);

export const txHashSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, { error: "must be a 0x-prefixed 32-byte transaction hash" })
  .transform((value) => value.toLowerCase() as `0x${string}`);

/** Ids are server-generated UUIDs; anything else can never name a resource. */
export const idSchema = z.uuid({ error: "must be a UUID" });

export const chainIdSchema = z.number().int().positive({ error: "must be a positive integer chain id" });

/** Token symbols as the chain config spells them (WETH, wstETH, USDC …); existence is checked against the config. */
export const assetSymbolSchema = z.string().regex(/^[A-Za-z0-9.]{1,16}$/, {
  error: "must be a token symbol such as WETH, wstETH or USDC",
});

export const isoDateTimeSchema = z.iso.datetime({ offset: true });

export const idParamsSchema = z.object({ id: idSchema });
