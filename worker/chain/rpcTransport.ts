import {
  BaseError,
  createTransport,
  type EIP1193RequestFn,
  fallback,
  HttpRequestError,
  http,
  RpcRequestError,
  TimeoutError,
  type Transport,
  withRetry,
} from "viem";
import { RpcChainMismatchError, RpcMalformedResultError, RpcStaleHeadError } from "./rpcErrors";
import { checkRpcResult } from "./rpcResults";

export interface RpcTransportOptions {
  chainId: number;
  /** In order of preference; each is tried in turn for every request (see `rpcTransport`). */
  urls: readonly string[];
  /** Per HTTP attempt. */
  timeoutMs: number;
  /** Retries of the whole URL list after the first pass failed. */
  retryCount: number;
  /** Base of the exponential backoff; each wait is jittered (see `retryDelayMs`). */
  retryDelayMs: number;
  /** Sees every HTTP request, chain-id checks and retries included. */
  onFetchRequest?: (request: Request) => void;
  /**
   * A URL whose newest block is older than this is skipped as stuck (the next URL answers instead); absent on
   * the devnet, whose clock is its own.
   */
  staleHead?: { maxAgeSeconds: number; now(): number };
}

/** How long a URL that answered the right `eth_chainId` is trusted before it is asked again (per isolate). */
export const CHAIN_ID_CHECK_TTL_MS = 10 * 60_000;
/** An upstream's own Retry-After is honoured between our retries up to this wait; beyond it we back off as usual. */
const MAX_UPSTREAM_RETRY_AFTER_MS = 2_000;

/** How long a URL whose head was recent is believed synced before its head is looked at again (per isolate). */
export const HEAD_CHECK_TTL_MS = 60_000;
/** How long a URL found stuck is skipped without asking (then it is looked at again: nodes catch up). */
export const STUCK_URL_SKIP_MS = 30_000;

// Only finished checks are shared: in workerd a promise started by one request must not be awaited by another.
const chainIdCheckedUntil = new Map<string, number>();
const headFreshUntil = new Map<string, number>();
const stuckUntil = new Map<string, { until: number; ageSeconds: number }>();

/**
 * The wait before retry number `count` (0-based): exponential (base, 2×base, 4×base, …) with "equal jitter", i.e.
 * uniformly in [½, 1] of that step, so clients that failed together do not retry together.
 */
export function retryDelayMs(count: number, baseMs: number, random: () => number = Math.random): number {
  const step = baseMs * 2 ** count;
  return Math.round(step / 2 + random() * (step / 2));
}

function upstreamRetryAfterMs(error: Error): number | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const http = error.walk((e) => e instanceof HttpRequestError || e instanceof RpcRequestError);
  const header =
    http instanceof HttpRequestError || http instanceof RpcRequestError
      ? http.headers?.get("Retry-After")
      : undefined;
  const seconds = header ? Number.parseInt(header, 10) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 && seconds * 1000 <= MAX_UPSTREAM_RETRY_AFTER_MS
    ? seconds * 1000
    : undefined;
}

const TRANSIENT_HTTP_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** JSON-RPC codes a node uses for "not now": internal error, limit exceeded, rate limited, unknown. */
const TRANSIENT_RPC_CODES = new Set([-32603, -32005, 429, -1]);

/**
 * Worth another try: the network, a timeout, a 5xx/429, a garbled answer. Not: a wrong chain (it will still be
 * wrong in a second), a revert or any other answer the node meant.
 */
export function isTransientRpcFailure(error: Error): boolean {
  if (!(error instanceof BaseError)) return false;
  if (error.walk((e) => e instanceof RpcChainMismatchError) instanceof RpcChainMismatchError) return false;
  if (error.walk((e) => e instanceof RpcMalformedResultError) instanceof RpcMalformedResultError) return true;
  if (error.walk((e) => e instanceof TimeoutError) instanceof TimeoutError) return true;
  const rpc = error.walk((e) => e instanceof RpcRequestError);
  if (rpc instanceof RpcRequestError) {
    return (
      TRANSIENT_RPC_CODES.has(rpc.code) ||
      (rpc.status !== undefined && TRANSIENT_HTTP_STATUSES.has(rpc.status))
    );
  }
  const http = error.walk((e) => e instanceof HttpRequestError);
  if (http instanceof HttpRequestError)
    return http.status === undefined || TRANSIENT_HTTP_STATUSES.has(http.status);
  return false;
}

/**
 * One URL, believed only after it proved to serve `chainId` (asked once per URL per CHAIN_ID_CHECK_TTL_MS), and
 * only for results of the right shape. Any doubt is thrown as an error, so the fallback moves to the next URL.
 */
function checkedHttp(url: string, options: RpcTransportOptions): Transport {
  const base = http(url, {
    retryCount: 0,
    timeout: options.timeoutMs,
    ...(options.onFetchRequest ? { onFetchRequest: options.onFetchRequest } : {}),
  });
  const key = `${options.chainId} ${url}`;
  return (params) => {
    const inner = base({ ...params, retryCount: 0, timeout: options.timeoutMs });
    const answeredChainId = (answer: unknown) => {
      checkRpcResult("eth_chainId", answer);
      const actualChainId = Number(BigInt(String(answer)));
      if (actualChainId !== options.chainId) {
        throw new RpcChainMismatchError({ url, expectedChainId: options.chainId, actualChainId });
      }
    };
    /** A node that stopped syncing still answers, with frozen state: it must not be the one that answers. */
    const checkHead = async (requestOptions: Parameters<EIP1193RequestFn>[1]) => {
      const judge = options.staleHead;
      if (!judge) return;
      const now = judge.now();
      const stuck = stuckUntil.get(key);
      if (stuck && stuck.until > now) throw new RpcStaleHeadError({ ageSeconds: stuck.ageSeconds });
      if ((headFreshUntil.get(key) ?? 0) > now) return;
      const head: unknown = await inner.request(
        { method: "eth_getBlockByNumber", params: ["latest", false] },
        requestOptions,
      );
      checkRpcResult("eth_getBlockByNumber", head);
      const timestamp = (head as { timestamp: string } | null)?.timestamp;
      if (timestamp === undefined)
        throw new RpcMalformedResultError({ method: "eth_getBlockByNumber", problem: "no latest block" });
      const ageSeconds = now / 1000 - Number(BigInt(timestamp));
      if (ageSeconds > judge.maxAgeSeconds) {
        stuckUntil.set(key, { until: now + STUCK_URL_SKIP_MS, ageSeconds });
        throw new RpcStaleHeadError({ ageSeconds });
      }
      stuckUntil.delete(key);
      headFreshUntil.set(key, now + HEAD_CHECK_TTL_MS);
    };
    const request = (async (args, requestOptions) => {
      if ((chainIdCheckedUntil.get(key) ?? 0) <= Date.now()) {
        answeredChainId(await inner.request({ method: "eth_chainId" }, requestOptions));
        chainIdCheckedUntil.set(key, Date.now() + CHAIN_ID_CHECK_TTL_MS);
      }
      if (args.method !== "eth_chainId") await checkHead(requestOptions);
      const result: unknown = await inner.request(args, requestOptions);
      if (args.method === "eth_chainId") answeredChainId(result);
      else checkRpcResult(args.method, result, args.params);
      return result;
    }) as EIP1193RequestFn;
    return createTransport(
      { key: "checkedHttp", name: "Checked HTTP JSON-RPC", type: "checkedHttp", request, retryCount: 0 },
      inner.value,
    );
  };
}

/**
 * The worker's transport for one chain: every configured URL in order through viem's `fallback` (ranking off,
 * see below), the whole list retried `retryCount` times with jittered exponential backoff.
 *
 * Ranking stays off: viem ranks by pinging every URL on a timer that never stops, which in the worker would be
 * one endless loop per short-lived client, and its ping (`net_listening`) proves nothing about the chain. The
 * configured order is the operator's preference; a dead first URL costs one failed attempt per request (fast
 * when the connection is refused, `timeoutMs` when it hangs), a stuck one (`staleHead`) one look at its head per
 * STUCK_URL_SKIP_MS.
 */
export function rpcTransport(options: RpcTransportOptions): Transport {
  const urls = options.urls.map((url) => checkedHttp(url, options));
  const list = fallback(urls, { rank: false, retryCount: 0 });
  return (params) => {
    const inner = list({ ...params, retryCount: 0, timeout: options.timeoutMs });
    const request = ((args, requestOptions) =>
      withRetry(() => inner.request(args, requestOptions), {
        retryCount: options.retryCount,
        delay: ({ count, error }) => upstreamRetryAfterMs(error) ?? retryDelayMs(count, options.retryDelayMs),
        shouldRetry: ({ error }) => isTransientRpcFailure(error),
      })) as EIP1193RequestFn;
    return createTransport({
      key: "vigil",
      name: "Vigil RPC",
      type: "vigil",
      request,
      retryCount: 0,
      timeout: options.timeoutMs,
    });
  };
}
