import { BaseError } from "viem";

// Answers that came back but cannot be believed. They extend viem's BaseError so they travel through viem's
// transports (fallback moves on to the next URL) and `toUpstreamError` finds them in the cause chain.

/** The node answered `eth_chainId` with another chain than the one it is configured for. */
export class RpcChainMismatchError extends BaseError {
  override name = "RpcChainMismatchError";
  readonly expectedChainId: number;
  readonly actualChainId: number;
  constructor(args: { url: string; expectedChainId: number; actualChainId: number }) {
    super(`The RPC serves chain ${args.actualChainId}, not chain ${args.expectedChainId}.`, {
      details: `URL: ${new URL(args.url).origin}`,
    });
    this.expectedChainId = args.expectedChainId;
    this.actualChainId = args.actualChainId;
  }
}

/** A well-formed JSON-RPC answer whose `result` does not have the shape its method promises. */
export class RpcMalformedResultError extends BaseError {
  override name = "RpcMalformedResultError";
  readonly method: string;
  constructor(args: { method: string; problem: string }) {
    super(`The RPC answered ${args.method} with a malformed result.`, { details: args.problem });
    this.method = args.method;
  }
}

/**
 * A read-only call the chain's contracts reverted (e.g. Aave's UiPoolDataProvider when a price feed fails): the
 * state cannot be read now. Raised by readers whose calls never revert in a healthy market.
 */
export class ChainReadRevertedError extends BaseError {
  override name = "ChainReadRevertedError";
  constructor(args: { what: string; cause: BaseError }) {
    super(`${args.what} reverted.`, { cause: args.cause, details: args.cause.shortMessage });
  }
}

/** The node's newest block is far older than the wall clock: a node that stopped syncing but still answers. */
/** A head's age as people read it: "90 s" under two minutes (a lagging L2 node), else "15 min". */
export const headAgeText = (ageSeconds: number): string =>
  ageSeconds < 120 ? `${Math.round(ageSeconds)} s` : `${Math.round(ageSeconds / 60)} min`;

export class RpcStaleHeadError extends BaseError {
  override name = "RpcStaleHeadError";
  readonly ageSeconds: number;
  constructor(args: { ageSeconds: number }) {
    super(`The RPC's newest block is ${headAgeText(args.ageSeconds)} old.`);
    this.ageSeconds = args.ageSeconds;
  }
}
