import {
  AbiDecodingDataSizeInvalidError,
  AbiDecodingDataSizeTooSmallError,
  AbiDecodingZeroDataError,
  BaseError,
  ContractFunctionZeroDataError,
  createPublicClient,
  Eip1559FeesNotSupportedError,
  HttpRequestError,
  type PublicClient,
  RpcRequestError,
  TimeoutError,
} from "viem";
import { UnlistedReserveError } from "../../shared/aave";
import { findChain } from "../../shared/chains";
import type { Config } from "../config";
import { UpstreamError, UpstreamUnavailableError, type VigilError } from "../errors";
import { MAX_HEAD_AGE_SECONDS, maxHeadAgeSeconds } from "./headAge";
import {
  ChainReadRevertedError,
  headAgeText,
  RpcChainMismatchError,
  RpcMalformedResultError,
  RpcStaleHeadError,
} from "./rpcErrors";
import { rpcTransport } from "./rpcTransport";

/** After the first pass over a chain's URLs fails, the list is retried this many times (jittered backoff). */
export const RPC_RETRY_COUNT = 3;
/** Backoff base: waits of ~150, 300, 600 ms, each jittered to between half and all of that. */
export const RPC_RETRY_DELAY_MS = 150;
/** Per HTTP attempt, unless the chain sets `RPC_TIMEOUT_MS_<chainId>`. */
export const RPC_TIMEOUT_MS = 10_000;
/** What a client is told to wait before retrying after we gave up on the RPC. */
export const RPC_RETRY_AFTER_SECONDS = 5;

export interface RpcOptions {
  /** Sees every HTTP request the transport makes, chain-id checks and retries included (tests count them). */
  onFetchRequest?: (request: Request) => void;
  /**
   * Overrides of the chain's policy: for tests that cannot wait for the real one, and for a courtesy read that must
   * not hold an answer long (the wallet warning of a saved rule, http/routes/rules.ts).
   */
  timeoutMs?: number;
  retryCount?: number;
  retryDelayMs?: number;
  /**
   * Judge each URL's head against this clock (the devnet is not judged otherwise); `maxAgeSeconds` defaults to the
   * chain's (headAge.ts: its reorg-safety window in time).
   */
  staleHead?: { maxAgeSeconds?: number; now(): number };
}

/** Where a chain's RPC settings come from: the Config, or a stand-in in tests. */
export type RpcConfig = Pick<Config, "rpcUrls"> & Partial<Pick<Config, "rpcTimeoutMs">>;

/**
 * A public client for one chain over all its configured RPC URLs (fallback in order), with per-attempt
 * timeouts, jittered retries, the chain id checked before any answer is believed and results shape-checked.
 */
export function publicClientFor(config: RpcConfig, chainId: number, options: RpcOptions = {}): PublicClient {
  // A real chain's URLs are judged by their head's age (a stuck node is skipped for the next); the devnet's clock
  // is its own, so it is never judged unless a test asks.
  const chain = findChain(chainId);
  const maxAgeSeconds = chain ? maxHeadAgeSeconds(chain) : MAX_HEAD_AGE_SECONDS;
  const judge = options.staleHead ?? (chain?.isDevnet === false ? { now: Date.now } : undefined);
  const staleHead = judge
    ? { maxAgeSeconds: judge.maxAgeSeconds ?? maxAgeSeconds, now: judge.now }
    : undefined;
  return createPublicClient({
    transport: rpcTransport({
      chainId,
      urls: config.rpcUrls(chainId),
      timeoutMs: options.timeoutMs ?? config.rpcTimeoutMs?.(chainId) ?? RPC_TIMEOUT_MS,
      retryCount: options.retryCount ?? RPC_RETRY_COUNT,
      retryDelayMs: options.retryDelayMs ?? RPC_RETRY_DELAY_MS,
      ...(options.onFetchRequest ? { onFetchRequest: options.onFetchRequest } : {}),
      ...(staleHead ? { staleHead } : {}),
    }),
  });
}

const find = <T>(error: BaseError, type: abstract new (...args: never[]) => T): T | null => {
  const found = error.walk((e) => e instanceof type);
  return found instanceof type ? found : null;
};

/** viem's errors for an answer that does not decode as the call's result. */
function isUndecodable(error: unknown): boolean {
  return (
    error instanceof ContractFunctionZeroDataError ||
    error instanceof AbiDecodingZeroDataError ||
    error instanceof AbiDecodingDataSizeTooSmallError ||
    error instanceof AbiDecodingDataSizeInvalidError ||
    (error instanceof BaseError && error.shortMessage === "multicall results mismatch")
  );
}

/**
 * Maps a viem transport failure (after its retries) onto our error model: unreachable or timed out → 503,
 * reachable but answering wrongly (an error status, unparseable JSON, a malformed result, another chain) → 502.
 * Returns null for anything else (e.g. a revert), which the caller handles.
 */
export function toUpstreamError(error: unknown, what: string): VigilError | null {
  // The account's read is newer than the market snapshot it is valued with: the market must be read again.
  if (error instanceof UnlistedReserveError) {
    return new UpstreamUnavailableError(
      `${what}: the market data does not list ${error.asset} yet, which the account holds.`,
      RPC_RETRY_AFTER_SECONDS,
      { cause: error },
    );
  }
  if (!(error instanceof BaseError)) return null;
  const wrongChain = find(error, RpcChainMismatchError);
  if (wrongChain) {
    return new UpstreamError(`${what}: the chain's RPC serves another chain.`, RPC_RETRY_AFTER_SECONDS, {
      cause: error,
      details: wrongChain.shortMessage,
    });
  }
  const malformed = find(error, RpcMalformedResultError);
  if (malformed) {
    return new UpstreamError(`${what}: the chain's RPC answered with garbage.`, RPC_RETRY_AFTER_SECONDS, {
      cause: error,
      details: malformed.shortMessage,
    });
  }
  const behind = find(error, RpcStaleHeadError);
  if (behind) {
    return new UpstreamUnavailableError(
      `${what}: the chain's RPC is behind (its newest block is ${headAgeText(behind.ageSeconds)} old).`,
      RPC_RETRY_AFTER_SECONDS,
      { cause: error },
    );
  }
  const reverted = find(error, ChainReadRevertedError);
  if (reverted) {
    return new UpstreamError(
      `${what}: the chain's contracts refused the read (${reverted.shortMessage})`,
      RPC_RETRY_AFTER_SECONDS,
      { cause: error },
    );
  }
  // Well-formed hex that does not decode as the call's answer (empty, too short, a multicall with the wrong
  // number of results): the transport accepted it, the node still answered garbage.
  const undecodable = error.walk(isUndecodable);
  if (undecodable instanceof BaseError) {
    return new UpstreamError(`${what}: the chain's RPC answered with garbage.`, RPC_RETRY_AFTER_SECONDS, {
      cause: error,
      details: undecodable.shortMessage,
    });
  }
  // Every served chain prices gas by EIP-1559: a newest block without a base fee is the node answering wrongly.
  const noBaseFee = find(error, Eip1559FeesNotSupportedError);
  if (noBaseFee) {
    return new UpstreamError(`${what}: the chain's RPC answered with garbage.`, RPC_RETRY_AFTER_SECONDS, {
      cause: error,
      details: "its newest block has no base fee",
    });
  }
  const http = find(error, HttpRequestError);
  if (http) {
    // A 200 whose body is not JSON: the node was reached and answered garbage.
    if (http.status === undefined && http.walk((e) => e instanceof SyntaxError) instanceof SyntaxError) {
      return new UpstreamError(`${what}: the chain's RPC answered with garbage.`, RPC_RETRY_AFTER_SECONDS, {
        cause: error,
        details: "unparseable JSON",
      });
    }
    // No status: the connection itself failed. 503/429: the node says "not now". Anything else: it answered wrongly.
    const unavailable = http.status === undefined || http.status === 503 || http.status === 429;
    if (unavailable) {
      return new UpstreamUnavailableError(
        `${what}: the chain's RPC is unreachable.`,
        RPC_RETRY_AFTER_SECONDS,
        {
          cause: error,
          details: http.shortMessage,
        },
      );
    }
    return new UpstreamError(`${what}: the chain's RPC answered with an error.`, RPC_RETRY_AFTER_SECONDS, {
      cause: error,
      details: http.shortMessage,
    });
  }
  if (find(error, TimeoutError)) {
    return new UpstreamUnavailableError(`${what}: the chain's RPC timed out.`, RPC_RETRY_AFTER_SECONDS, {
      cause: error,
    });
  }
  if (find(error, RpcRequestError)) {
    return new UpstreamError(`${what}: the chain's RPC answered with an error.`, RPC_RETRY_AFTER_SECONDS, {
      cause: error,
    });
  }
  return null;
}
