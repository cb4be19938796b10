import type { ChainConfig } from "../../shared/chains/types";
import { RpcStaleHeadError } from "./rpcErrors";

/**
 * The reorg-safety window, in blocks: what the liquidation watch re-reads below its cursor and how deep a told
 * liquidation must be before it is final. A node further behind than this serves state Vigil cannot stand behind.
 */
export const REORG_WINDOW_BLOCKS = 64;

/**
 * The most a node's newest block may be behind the wall clock, on any chain: only a node that stopped syncing
 * trips it on Ethereum (64 blocks there are 12.8 min). A stuck node still answers, with frozen prices and health
 * factors: shown as fresh they would say "all fine".
 */
export const MAX_HEAD_AGE_SECONDS = 10 * 60;
/** The least: block timestamps are whole seconds and clocks differ by a few; a sequencer may pause for seconds. */
export const MIN_HEAD_AGE_SECONDS = 60;

/**
 * How old a chain's newest block may be: REORG_WINDOW_BLOCKS of its blocks, within [MIN, MAX]_HEAD_AGE_SECONDS.
 * On Base or Polygon (2 s blocks) a node 3 minutes behind is 90 blocks behind: past the window, though far from
 * the 10 minutes that make an Ethereum node stuck.
 */
export function maxHeadAgeSeconds(chain: Pick<ChainConfig, "blockTimeSeconds">): number {
  if (chain.blockTimeSeconds === undefined) return MAX_HEAD_AGE_SECONDS;
  const window = REORG_WINDOW_BLOCKS * chain.blockTimeSeconds;
  return Math.min(MAX_HEAD_AGE_SECONDS, Math.max(MIN_HEAD_AGE_SECONDS, window));
}

/**
 * Throws RpcStaleHeadError (a 503, the chain then unavailable with its reason) when a read's block is older than
 * the chain's maxHeadAgeSeconds. The devnet's clock is its own (seeded history, time travel in tests), so it is
 * never judged.
 */
export function checkHeadAge(
  chain: Pick<ChainConfig, "isDevnet" | "blockTimeSeconds">,
  blockTimestamp: bigint,
  nowMs: number,
): void {
  if (chain.isDevnet) return;
  const ageSeconds = nowMs / 1000 - Number(blockTimestamp);
  if (ageSeconds > maxHeadAgeSeconds(chain)) throw new RpcStaleHeadError({ ageSeconds });
}
