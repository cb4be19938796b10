import type { FieldError } from "../../shared/schemas/errors";
import { VigilError, type VigilErrorOptions } from "./base";

export class ValidationError extends VigilError {
  override readonly name = "ValidationError";
  readonly code = "validation_failed";
  constructor(shortMessage: string, fields: FieldError[], options: VigilErrorOptions = {}) {
    super(shortMessage, { ...options, data: { ...options.data, fields } });
  }
}

export class MalformedJsonError extends VigilError {
  override readonly name = "MalformedJsonError";
  readonly code = "malformed_json";
}

export class PayloadTooLargeError extends VigilError {
  override readonly name = "PayloadTooLargeError";
  readonly code = "payload_too_large";
}

export class UnauthorizedError extends VigilError {
  override readonly name = "UnauthorizedError";
  readonly code = "unauthorized";
  /** `reason` is a stable machine word (e.g. "nonce_used"); the message says it for people. */
  constructor(shortMessage: string, reason: string, options: VigilErrorOptions = {}) {
    super(shortMessage, { ...options, data: { ...options.data, reason } });
  }
}

export class ForbiddenError extends VigilError {
  override readonly name = "ForbiddenError";
  readonly code = "forbidden";
}

export class TierLimitError extends VigilError {
  override readonly name = "TierLimitError";
  readonly code = "tier_limit";
}

/** Unknown AND not-yours: both say the same thing so existence never leaks. */
export class NotFoundError extends VigilError {
  override readonly name = "NotFoundError";
  readonly code = "not_found";
  constructor(resource: string, options: VigilErrorOptions = {}) {
    super(`${resource} not found.`, options);
  }
}

export class ConflictError extends VigilError {
  override readonly name = "ConflictError";
  readonly code = "conflict";
}

export class RateLimitedError extends VigilError {
  override readonly name = "RateLimitedError";
  readonly code = "rate_limited";
  readonly retryAfterSeconds: number;
  constructor(shortMessage: string, retryAfterSeconds: number, options: VigilErrorOptions = {}) {
    super(shortMessage, { ...options, data: { ...options.data, retryAfterSeconds } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** An upstream (RPC) answered wrongly after our retries: 502. */
export class UpstreamError extends VigilError {
  override readonly name = "UpstreamError";
  readonly code = "upstream_error";
  readonly retryAfterSeconds: number;
  constructor(shortMessage: string, retryAfterSeconds: number, options: VigilErrorOptions = {}) {
    super(shortMessage, { ...options, data: { ...options.data, retryAfterSeconds } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** An upstream (RPC) could not be reached or timed out after our retries: 503. */
export class UpstreamUnavailableError extends VigilError {
  override readonly name = "UpstreamUnavailableError";
  readonly code = "upstream_unavailable";
  readonly retryAfterSeconds: number;
  constructor(shortMessage: string, retryAfterSeconds: number, options: VigilErrorOptions = {}) {
    super(shortMessage, { ...options, data: { ...options.data, retryAfterSeconds } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A service whose issue has not landed yet says so instead of returning made-up data. */
export class NotImplementedError extends VigilError {
  override readonly name = "NotImplementedError";
  readonly code = "not_implemented";
  constructor(feature: string, options: VigilErrorOptions = {}) {
    super(`${feature} is not implemented yet.`, options);
  }
}

export class InternalError extends VigilError {
  override readonly name = "InternalError";
  readonly code = "internal";
}
