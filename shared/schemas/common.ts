import { getAddress, isAddress } from "viem";
import { z } from "zod";

/** An EVM address in any case; normalised to its EIP-55 checksum form so comparisons and storage agree. */
export const addressSchema = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), { error: "must be a 0x-prefixed 20-byte address" })
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
