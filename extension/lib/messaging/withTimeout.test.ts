import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BackgroundError } from "./sendToBackground";
import { ANSWER_TIMEOUT_MS, withTimeout } from "./withTimeout";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("withTimeout", () => {
  it("turns an answer that never comes into a timeout error a view can show with Retry", async () => {
    const never = withTimeout(new Promise<number>(() => undefined));
    const outcome = never.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(ANSWER_TIMEOUT_MS - 1);
    let settled = false;
    void never.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(BackgroundError);
    expect((error as BackgroundError).error).toEqual({
      code: "timeout",
      message: "Vigil did not answer within 20 s. Check your connection and retry.",
    });
  });

  it("passes an answer or an error through untouched before the deadline", async () => {
    await expect(withTimeout(Promise.resolve(7))).resolves.toBe(7);
    const failure = new Error("no");
    await expect(withTimeout(Promise.reject(failure))).rejects.toBe(failure);
  });
});
