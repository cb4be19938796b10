import { ERROR_STATUS, type ErrorCode, type ErrorDetails } from "../../shared/schemas/errors";

export interface VigilErrorOptions {
  /** What went wrong underneath (another error), kept for the log's cause chain. */
  cause?: unknown;
  /** One line of technical detail for the log and the message (never secrets). */
  details?: string;
  /** Structured data returned to the client in `error.details`. */
  data?: ErrorDetails;
}

/**
 * Base of every error the API raises on purpose, in viem's style: a short message for people, technical details
 * and the cause for logs. `code` decides the HTTP status (ERROR_STATUS) and is part of the public contract.
 */
export abstract class VigilError extends Error {
  abstract readonly code: ErrorCode;
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly data: ErrorDetails | undefined;

  constructor(shortMessage: string, options: VigilErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    });
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.data = options.data;
  }

  get status(): (typeof ERROR_STATUS)[ErrorCode] {
    return ERROR_STATUS[this.code];
  }

  /** Walks `cause` links, like viem's BaseError.walk: the deepest error matching `predicate`, else the last one. */
  walk(predicate?: (error: unknown) => boolean): unknown {
    let current: unknown = this;
    let match: unknown;
    for (let depth = 0; current && depth < 16; depth++) {
      if (predicate?.(current)) match = current;
      current = current instanceof Error ? current.cause : undefined;
      if (current && !predicate) match = current;
    }
    return match ?? this;
  }
}
