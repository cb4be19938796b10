import {
  BaseError,
  createPublicClient,
  HttpRequestError,
  http,
  type PublicClient,
  RpcRequestError,
  TimeoutError,
} from "viem";
import type { Config } from "../config";
import { UpstreamError, UpstreamUnavailableError, type VigilError } from "../errors";

/** viem retries transport failures this many times with exponential backoff (150, 300, 600 ms). */
export const RPC_RETRY_COUNT = 3;
export const RPC_RETRY_DELAY_MS = 150;
export const RPC_TIMEOUT_MS = 10_000;
/** What a client is told to wait before retrying after we gave up on the RPC. */
export const RPC_RETRY_AFTER_SECONDS = 5;

export interface RpcHooks {
  /** Sees every HTTP request the transport makes, retries included (tests count round trips with it). */
  onFetchRequest?: (request: Request) => void;
}

export function publicClientFor(
  config: Pick<Config, "rpcUrl">,
  chainId: number,
  hooks: RpcHooks = {},
): PublicClient {
  return createPublicClient({
    transport: http(config.rpcUrl(chainId), {
      retryCount: RPC_RETRY_COUNT,
      retryDelay: RPC_RETRY_DELAY_MS,
      timeout: RPC_TIMEOUT_MS,
      ...(hooks.onFetchRequest ? { onFetchRequest: hooks.onFetchRequest } : {}),
    }),
  });
}

/**
 * Maps a viem transport failure (after its retries) onto our error model: unreachable or timed out → 503,
 * reachable but answering wrongly → 502. Returns null for anything else (e.g. a revert), which the caller handles.
 */
export function toUpstreamError(error: unknown, what: string): VigilError | null {
  if (!(error instanceof BaseError)) return null;
  const http = error.walk((e) => e instanceof HttpRequestError);
  if (http instanceof HttpRequestError) {
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
  if (error.walk((e) => e instanceof TimeoutError) instanceof TimeoutError) {
    return new UpstreamUnavailableError(`${what}: the chain's RPC timed out.`, RPC_RETRY_AFTER_SECONDS, {
      cause: error,
    });
  }
  if (error.walk((e) => e instanceof RpcRequestError) instanceof RpcRequestError) {
    return new UpstreamError(`${what}: the chain's RPC answered with an error.`, RPC_RETRY_AFTER_SECONDS, {
      cause: error,
    });
  }
  return null;
}
