import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { RateLimitedError } from "../errors";

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

export function clientIp(header: (name: string) => string | undefined): string {
  return header("CF-Connecting-IP") ?? header("X-Forwarded-For")?.split(",")[0]?.trim() ?? "unknown";
}

/** Per-IP limit for the sign-in routes (the per-address limit is applied once the body names an address). */
export const rateLimitAuthByIp = createMiddleware<AppEnv>(async (c, next) => {
  await enforceRateLimit(
    c.env.AUTH_LIMIT_IP,
    `ip:${clientIp((name) => c.req.header(name))}`,
    "sign-in requests",
  );
  await next();
});
