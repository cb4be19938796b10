import type { Address, Hex } from "viem";

/** A log as `eth_getLogs` returns it, reduced to what decoding needs. */
export interface RawLog {
  address: Address;
  topics: readonly Hex[];
  data: Hex;
}

/** The shape viem's parseEventLogs takes (a log not yet tied to a block: what decoding needs is all there). */
export function asViemLog(log: RawLog) {
  return {
    address: log.address,
    topics: log.topics as [Hex, ...Hex[]],
    data: log.data,
    blockHash: null,
    blockNumber: null,
    logIndex: null,
    transactionHash: null,
    transactionIndex: null,
    removed: false,
  };
}
