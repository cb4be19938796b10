export { requireAuth } from "./auth";
export { limitBody, MAX_BODY_BYTES } from "./body-limit";
export { ipLimitKey } from "./client-ip";
export { documentJsonContentType, requireJsonContentType } from "./json-content-type";
export {
  clientKey,
  enforceRateLimit,
  RATE_LIMIT_WINDOW_SECONDS,
  rateLimitAuthByIp,
  rateLimitByIp,
  rateLimitPerUser,
  UNTRUSTED_CLIENT_KEY,
  type UserAction,
} from "./rate-limit";
export { requestContext } from "./request-context";
