/**
 * 4-byte selectors of the Aave V3 Pool calls the pre-sign preview understands (supply, borrow, withdraw, repay
 * of shared/abis/pool.ts; the test checks them against the ABI). Plain strings, no viem: Vigil's main-world
 * script reads them on every page load of the in-page sites to decide, before anything crosses to the content
 * script, whether a transaction could be one it previews.
 */
export const POOL_ACTION_SELECTORS: readonly string[] = [
  "0x617ba037", // supply(address,uint256,address,uint16)
  "0xa415bcad", // borrow(address,uint256,uint256,uint16,address)
  "0x69328dec", // withdraw(address,uint256,address)
  "0x573ade81", // repay(address,uint256,uint256,address)
];

/**
 * Longest calldata of those calls, in hex characters with the 0x: a selector and at most five 32-byte words.
 * Anything longer is not a call the preview decodes.
 */
export const POOL_ACTION_MAX_DATA_CHARS = 2 + 8 + 5 * 64;
