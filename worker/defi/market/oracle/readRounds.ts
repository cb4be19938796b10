import type { Address, ContractFunctionParameters, PublicClient } from "viem";
import { aaveOracleAbi, aggregatorAbi, multicall3BlockAbi } from "../../../../shared/abis";
import { MULTICALL3_ADDRESS } from "../../../../shared/chains/types";

/** One Chainlink-style round, the answer still in the feed's own decimals. */
export interface FeedRound {
  roundId: bigint;
  answer: bigint;
  updatedAt: number;
}

/** Chainlink proxies put the phase in the top bits of a round id; rounds are numbered within their phase. */
const PHASE_SHIFT = 64n;
const AGGREGATOR_ROUND_MASK = (1n << PHASE_SHIFT) - 1n;

export function phaseOf(roundId: bigint): bigint {
  return roundId >> PHASE_SHIFT;
}

export function aggregatorRoundOf(roundId: bigint): bigint {
  return roundId & AGGREGATOR_ROUND_MASK;
}

type RoundTuple = readonly [bigint, bigint, bigint, bigint, bigint];

function toRound(tuple: RoundTuple): FeedRound | null {
  const [roundId, answer, , updatedAt] = tuple;
  // A round never written (updatedAt 0) or a non-positive answer is not a price.
  if (updatedAt === 0n || answer <= 0n) return null;
  return { roundId, answer, updatedAt: Number(updatedAt) };
}

export interface FeedHead {
  aggregator: Address;
  decimals: number;
  latest: FeedRound | null;
}

/**
 * The chain's time and, for every asset, its oracle source (AaveOracle.getSourceOfAsset), decimals and latest
 * round: ONE eth_call through Multicall3 however many feeds there are. `knownSources` saves the first lookup:
 * pass the sources from an earlier read and only a changed source costs a second call.
 */
export async function readFeedHeads(
  client: PublicClient,
  oracle: Address,
  assets: readonly Address[],
  knownSources: readonly (Address | undefined)[] = [],
): Promise<{ blockTimestamp: number; heads: (FeedHead | null)[] }> {
  const sourceCalls = assets.map(
    (asset) =>
      ({ address: oracle, abi: aaveOracleAbi, functionName: "getSourceOfAsset", args: [asset] }) as const,
  );
  const run = async (sources: readonly (Address | undefined)[]) => {
    const used = assets.map((_, k) => sources[k]);
    // Calls to three ABIs in one batch: typed per call above, read back by position below.
    const contracts: readonly ContractFunctionParameters[] = [
      { address: MULTICALL3_ADDRESS, abi: multicall3BlockAbi, functionName: "getCurrentBlockTimestamp" },
      ...sourceCalls,
      ...used.flatMap((source) =>
        source
          ? ([
              { address: source, abi: aggregatorAbi, functionName: "decimals" },
              { address: source, abi: aggregatorAbi, functionName: "latestRoundData" },
            ] as const)
          : [],
      ),
    ];
    const results = await client.multicall({
      multicallAddress: MULTICALL3_ADDRESS,
      allowFailure: true,
      batchSize: 0,
      contracts,
    });
    const [timestamp, ...rest] = results;
    if (timestamp?.status !== "success") throw new Error("Multicall3 getCurrentBlockTimestamp failed");
    const found = rest
      .slice(0, assets.length)
      .map((r) => (r.status === "success" ? (r.result as Address) : undefined));
    let cursor = assets.length;
    const heads = used.map((source): FeedHead | null => {
      if (!source) return null;
      const decimals = rest[cursor++];
      const latest = rest[cursor++];
      if (decimals?.status !== "success" || latest?.status !== "success") return null;
      return {
        aggregator: source,
        decimals: Number(decimals.result),
        latest: toRound(latest.result as RoundTuple),
      };
    });
    return { blockTimestamp: Number(timestamp.result), found, used, heads };
  };
  let read = await run(knownSources);
  // A source the caller did not know (first read) or that changed (Aave governance swapped it): read again.
  if (read.found.some((source, k) => source?.toLowerCase() !== read.used[k]?.toLowerCase())) {
    read = await run(read.found);
  }
  const heads = read.heads;
  return { blockTimestamp: read.blockTimestamp, heads };
}

export interface RoundWalk {
  aggregator: Address;
  /** Read rounds below this id (within its phase), newest first. */
  before: bigint;
  count: number;
}

/**
 * `count` rounds before `before` for each walk, newest first, in ONE eth_call (Multicall3, failures allowed).
 * A walk stops at the first round that does not exist (a phase's first round, or "No data present").
 */
export async function readRoundsBefore(
  client: PublicClient,
  walks: readonly RoundWalk[],
): Promise<FeedRound[][]> {
  const ids = walks.map((walk) => {
    const first = aggregatorRoundOf(walk.before);
    const phase = walk.before - first;
    const out: bigint[] = [];
    for (let k = 1n; k <= BigInt(walk.count) && first - k >= 1n; k++) out.push(phase + first - k);
    return out;
  });
  const results = await client.multicall({
    multicallAddress: MULTICALL3_ADDRESS,
    allowFailure: true,
    batchSize: 0,
    contracts: walks.flatMap((walk, w) =>
      ids[w]!.map(
        (roundId) =>
          ({
            address: walk.aggregator,
            abi: aggregatorAbi,
            functionName: "getRoundData",
            args: [roundId],
          }) as const,
      ),
    ),
  });
  let cursor = 0;
  return ids.map((roundIds) => {
    const rounds: FeedRound[] = [];
    let stopped = false;
    for (const _ of roundIds) {
      const result = results[cursor++];
      if (stopped) continue;
      const round = result?.status === "success" ? toRound(result.result as RoundTuple) : null;
      if (round) rounds.push(round);
      else stopped = true;
    }
    return rounds;
  });
}
