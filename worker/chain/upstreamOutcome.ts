import { UpstreamError, UpstreamUnavailableError } from "../errors";
import { RPC_RETRY_AFTER_SECONDS, toUpstreamError } from "./client";

/**
 * An RPC failure as plain data. Errors thrown inside a Durable Object reach the Worker with their message
 * only (RPC drops the class), so objects return this instead and the Worker turns it back into a 502/503.
 */
export interface UpstreamFailure {
  kind: "unavailable" | "error";
  message: string;
  details?: string;
  retryAfterSeconds: number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: UpstreamFailure };

/**
 * An RPC failure (a viem error after its retries, or one already typed, e.g. by a market object's outcome) as a
 * failure value; null for anything else (a bug, a revert), which the caller rethrows.
 */
export function failureOf(error: unknown, what: string): UpstreamFailure | null {
  const upstream =
    error instanceof UpstreamError || error instanceof UpstreamUnavailableError
      ? error
      : toUpstreamError(error, what);
  if (!upstream) return null;
  return {
    kind: upstream instanceof UpstreamUnavailableError ? "unavailable" : "error",
    message: upstream.shortMessage,
    details: upstream.details,
    retryAfterSeconds:
      upstream instanceof UpstreamError || upstream instanceof UpstreamUnavailableError
        ? upstream.retryAfterSeconds
        : RPC_RETRY_AFTER_SECONDS,
  };
}

/** Runs a chain read; an RPC failure (after viem's retries) becomes a failure value, anything else throws. */
export async function captureUpstream<T>(what: string, read: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    const failure = failureOf(error, what);
    if (!failure) throw error;
    return { ok: false, failure };
  }
}

/** The Worker side: a failure becomes the same typed error it was before crossing the RPC boundary. */
export function unwrapOutcome<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  const { kind, message, details, retryAfterSeconds } = outcome.failure;
  const options = details === undefined ? {} : { details };
  throw kind === "unavailable"
    ? new UpstreamUnavailableError(message, retryAfterSeconds, options)
    : new UpstreamError(message, retryAfterSeconds, options);
}
