/**
 * When an idempotent read is worth another try, and how long to wait first. A GET changes nothing, so a
 * transient failure (network, 429, 5xx from a gateway or a failing upstream) is retried here instead of waiting
 * for the user to press Retry. Writes are never retried: the API may have applied them.
 */

/** Statuses that say "try again later": rate limited, or the API (or what it reads) failing for now. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
/** 3 attempts in all: enough for a blip, short enough that the popup shows an honest error soon. */
export const MAX_ATTEMPTS = 3;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 4_000;
/** A Retry-After longer than this is not waited for here: the error goes to the caller (the watchdog retries). */
export const MAX_RETRY_AFTER_MS = 10_000;

/** `status` 0 with code "network": no answer at all. A timeout is not retried: it already took 15 s. */
export function isRetryable(status: number, code: string): boolean {
  return RETRYABLE_STATUSES.has(status) || (status === 0 && code === "network");
}

/** Retry-After is either delta-seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1), or null to give up. Exponential backoff with
 * full jitter (so many clients failing together do not come back together), unless the server said when.
 */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | null,
  random: () => number,
): number | null {
  if (attempt >= MAX_ATTEMPTS) return null;
  if (retryAfterMs !== null) return retryAfterMs <= MAX_RETRY_AFTER_MS ? retryAfterMs : null;
  const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  return Math.round(cap / 2 + random() * (cap / 2));
}
