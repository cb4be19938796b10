/**
 * A failed API call, shaped like the API's one error body `{ error: { code, message, details? } }`.
 * `status` 0 means the request never got an HTTP answer (network down, wrong URL, no host permission).
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterMs = options?.retryAfterMs;
  }

  /** The server's Retry-After (429/503), in ms: when trying again makes sense. */
  readonly retryAfterMs: number | undefined;

  get isUnauthorized(): boolean {
    return this.status === 401;
  }
}
