import type { ChainConfig } from "../../shared/chains/types";
import { RpcStaleHeadError } from "./rpcErrors";

/**
 * How old a real chain's newest block may be before its node counts as stuck: minutes of blocks on any chain
 * Vigil serves (12 s on Ethereum, under 2 s on its L2s), so only a node that stopped syncing trips it. A stuck
 * node still answers, with frozen prices and health factors: shown as fresh they would say "all fine".
 */
export const MAX_HEAD_AGE_SECONDS = 10 * 60;

/**
 * Throws RpcStaleHeadError (a 503, the chain then unavailable with its reason) when a read's block is over
 * MAX_HEAD_AGE_SECONDS behind the wall clock. The devnet's clock is its own (seeded history, time travel in
 * tests), so it is never judged.
 */
export function checkHeadAge(
  chain: Pick<ChainConfig, "isDevnet">,
  blockTimestamp: bigint,
  nowMs: number,
): void {
  if (chain.isDevnet) return;
  const ageSeconds = nowMs / 1000 - Number(blockTimestamp);
  if (ageSeconds > MAX_HEAD_AGE_SECONDS) throw new RpcStaleHeadError({ ageSeconds });
}
