export { requireAuth } from "./auth";
export { limitBody, MAX_BODY_BYTES } from "./body-limit";
export { clientIp, enforceRateLimit, RATE_LIMIT_WINDOW_SECONDS, rateLimitAuthByIp } from "./rate-limit";
export { requestContext } from "./request-context";
