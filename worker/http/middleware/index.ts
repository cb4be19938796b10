export { requireAuth, requireAuthForLogout } from "./auth";
export { limitBody, MAX_BODY_BYTES } from "./bodyLimit";
export { ipLimitKey } from "./clientIp";
export { documentJsonContentType, requireJsonContentType } from "./jsonContentType";
export {
  clientKey,
  enforceRateLimit,
  RATE_LIMIT_WINDOW_SECONDS,
  rateLimitAuthByIp,
  rateLimitByIp,
  rateLimitPerUser,
  UNTRUSTED_CLIENT_KEY,
  type UserAction,
} from "./rateLimit";
export { requestContext } from "./requestContext";
