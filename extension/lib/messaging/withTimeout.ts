import { BackgroundError } from "./sendToBackground";

/**
 * How long a view waits for the background before it stops showing a skeleton and says so, with Retry. Above
 * the API client's own 15 s request timeout, so an API that does not answer is reported by the background first;
 * this catches a background that does not answer at all.
 */
export const ANSWER_TIMEOUT_MS = 20_000;

/** The promise's answer, or a "timeout" BackgroundError once `ms` pass without one. */
export function withTimeout<T>(promise: Promise<T>, ms = ANSWER_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new BackgroundError({
            code: "timeout",
            message: `Vigil did not answer within ${Math.round(ms / 1000)} s. Check your connection and retry.`,
          }),
        ),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
