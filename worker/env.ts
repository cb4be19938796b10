import type { ConfigVars } from "./config";
import type { MarketDurableObject } from "./defi/market/marketObject";
import type { UserDurableObject } from "./user/userObject";

/** Bindings and vars from wrangler.toml plus secrets (.dev.vars / `wrangler secret put`). */
export interface Env extends ConfigVars {
  DB: D1Database;
  USER: DurableObjectNamespace<UserDurableObject>;
  /** One per chain (`getByName(String(chainId))`): the market data every user shares. */
  MARKET: DurableObjectNamespace<MarketDurableObject>;
  /** Hourly candles for back-tests (shared/prices/candleObjects.ts); `npm run prices:upload` fills it. */
  PRICES: R2Bucket;
  AUTH_LIMIT_IP: RateLimit;
  AUTH_LIMIT_ADDRESS: RateLimit;
  /** Per-IP limit for the public protocol reads (they cost RPC calls). */
  PUBLIC_READ_LIMIT: RateLimit;
  /** Per-user limit on expensive actions (forecast, portfolio refresh, simulate, WebSocket tickets), keyed per action. */
  USER_ACTION_LIMIT: RateLimit;
  /** Per-user limit on polled reads (a transaction looked up once a second while the approval page waits). */
  USER_POLL_LIMIT: RateLimit;
  /** "true" only where Cloudflare's edge sets CF-Connecting-IP (production); see http/middleware/rateLimit.ts. */
  TRUST_CF_CONNECTING_IP?: string;
  /** Comma-separated chain ids the API serves, e.g. "31337,1". */
  CHAIN_IDS: string;
  /** Comma-separated origins allowed in sign-in messages; `*` matches an extension id. */
  SIWE_ALLOWED_ORIGINS: string;
  JWT_SECRET: string;
  /** RPC_URL_<chainId> for every chain in CHAIN_IDS; several comma-separated URLs are tried in order (fallback).
   * Optional RPC_TIMEOUT_MS_<chainId> (see ConfigVars) sets that chain's per-attempt timeout. */
  [rpcUrl: `RPC_URL_${number}`]: string | undefined;
}
