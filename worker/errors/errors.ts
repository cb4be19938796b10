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

export class UnsupportedMediaTypeError extends VigilError {
  override readonly name = "UnsupportedMediaTypeError";
  readonly code = "unsupported_media_type";
}

/** A client error the framework raised that no more specific code names (its status is still a 4xx). */
export class BadRequestError extends VigilError {
  override readonly name = "BadRequestError";
  readonly code = "bad_request";
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

/** Well-formed input the server cannot act on (e.g. a back-test window with no price history for an asset). */
export class UnprocessableError extends VigilError {
  override readonly name = "UnprocessableError";
  readonly code = "unprocessable";
}

/** An error that tells the client when to try again: `Retry-After` header and `details.retryAfterSeconds`. */
export abstract class RetryAfterError extends VigilError {
  readonly retryAfterSeconds: number;
  constructor(shortMessage: string, retryAfterSeconds: number, options: VigilErrorOptions = {}) {
    super(shortMessage, { ...options, data: { ...options.data, retryAfterSeconds } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class RateLimitedError extends RetryAfterError {
  override readonly name = "RateLimitedError";
  readonly code = "rate_limited";
}

/** An upstream (RPC) answered wrongly after our retries: 502. */
export class UpstreamError extends RetryAfterError {
  override readonly name = "UpstreamError";
  readonly code = "upstream_error";
}

/** An upstream (RPC) could not be reached or timed out after our retries: 503. */
export class UpstreamUnavailableError extends RetryAfterError {
  override readonly name = "UpstreamUnavailableError";
  readonly code = "upstream_unavailable";
}

export class InternalError extends VigilError {
  override readonly name = "InternalError";
  readonly code = "internal";
}
