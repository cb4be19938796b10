/**
 * An 0x-prefixed 20-byte hex address in any case. The one pattern for schemas that cannot use viem's `isAddress`
 * (zod/mini in the content script, which must stay small; generated config). No imports, so it costs nothing.
 */
export const ADDRESS_PATTERN = /^0x[0-9a-fA-F]{40}$/;
