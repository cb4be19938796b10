import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { Env } from "../../env";
import type { AppEnv } from "../appEnv";
import { RateLimitedError } from "../errors";
import { ipLimitKey } from "./clientIp";

// Limits live in the Workers rate-limiting bindings of wrangler.toml (counters kept by the runtime, per
// Cloudflare location; local dev and tests keep them in memory). Each binding counts per key: "ip:…"/"ip6:…" for
// anonymous routes, "<action>:user:<id>" for what a signed-in user does.

/** The Workers rate-limiting binding counts per 60 s window (see wrangler.toml), so that is the retry hint. */
export const RATE_LIMIT_WINDOW_SECONDS = 60;

export async function enforceRateLimit(limiter: RateLimit, key: string, what: string): Promise<void> {
  const { success } = await limiter.limit({ key });
  if (!success) {
    throw new RateLimitedError(
      `Too many ${what}; try again in ${RATE_LIMIT_WINDOW_SECONDS} seconds.`,
      RATE_LIMIT_WINDOW_SECONDS,
    );
  }
}

/** The key every client shares where the client address cannot be known (local dev: see `clientKey`). */
export const UNTRUSTED_CLIENT_KEY = "ip:untrusted";

/**
 * The per-IP limit key of a request. Only Cloudflare's edge can be believed about the client address: it sets
 * `CF-Connecting-IP` on every request and overwrites one a client sent. `wrangler dev` does not (it keeps a
 * client's own header), so the header counts only where TRUST_CF_CONNECTING_IP is "true" (production, set by
 * `npm run deploy`; the workerd tests, which stand in for the edge). Elsewhere every client shares one key.
 * `X-Forwarded-For` is never read: anyone can send it.
 */
export function clientKey(
  env: Pick<Env, "TRUST_CF_CONNECTING_IP">,
  header: (name: string) => string | undefined,
) {
  if (env.TRUST_CF_CONNECTING_IP !== "true") return UNTRUSTED_CLIENT_KEY;
  const ip = header("CF-Connecting-IP");
  return (ip && ipLimitKey(ip)) ?? "ip:unknown";
}

const keyOf = (c: Context<AppEnv>) => clientKey(c.env, (name) => c.req.header(name));

/** A per-IP limit on one of the anonymous bindings; `what` names the requests in the 429 message. */
export const rateLimitByIp = (limiter: (env: Env) => RateLimit, what: string) =>
  createMiddleware<AppEnv>(async function rateLimitByIp(c, next) {
    await enforceRateLimit(limiter(c.env), keyOf(c), what);
    await next();
  });

/** Per-IP limit for the sign-in routes (the per-address limit is applied once the body names an address). */
export const rateLimitAuthByIp = rateLimitByIp((env) => env.AUTH_LIMIT_IP, "sign-in requests");

/** What a signed-in user does that costs CPU or RPC calls, each counted on its own per user. */
export type UserAction =
  | "forecast"
  | "portfolio_refresh"
  | "simulate"
  | "ws_ticket"
  | "backtest"
  | "transaction_lookup";

const USER_ACTION_WORDS: Record<UserAction, string> = {
  forecast: "risk forecasts",
  portfolio_refresh: "portfolio refreshes",
  simulate: "simulations",
  ws_ticket: "WebSocket tickets",
  backtest: "back-tests",
  transaction_lookup: "transaction lookups",
};

/** The binding that counts an action: polled reads get USER_POLL_LIMIT's larger budget, the rest USER_ACTION_LIMIT. */
const limiterOf = (env: Env, action: UserAction): RateLimit =>
  action === "transaction_lookup" ? env.USER_POLL_LIMIT : env.USER_ACTION_LIMIT;

/**
 * Per-user limit (USER_ACTION_LIMIT, or USER_POLL_LIMIT for polled reads) on an expensive action. Runs after `requireAuth`: the key is the verified
 * user id, so a user cannot escape it by changing address, and users behind one IP do not share it.
 */
export const rateLimitPerUser = (action: UserAction) =>
  createMiddleware<AppEnv>(async function rateLimitPerUser(c, next) {
    const { user } = c.get("session");
    await enforceRateLimit(limiterOf(c.env, action), `${action}:user:${user.id}`, USER_ACTION_WORDS[action]);
    await next();
  });
