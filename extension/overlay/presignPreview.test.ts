import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { ContentScriptContext } from "wxt/utils/content-script-context";
import { createPresignPreview, PREVIEW_ANSWER_DEADLINE_MS, previewFromAnswer } from "./presignPreview";

const borrow = {
  chainId: 31337,
  to: "0x32467b43BFa67273FC7dDda0999Ee9A12F2AaA08",
  data: `0xa415bcad${"00".repeat(160)}`,
};
// Only a card would use the context (to mount its UI); these cases never show one.
const ctx = {} as ContentScriptContext;

describe("the content script's decision about a held transaction", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("goes on at once when the background says it is not an Aave call it previews", async () => {
    vi.spyOn(fakeBrowser.runtime, "sendMessage").mockResolvedValue({ ok: true, data: { kind: "none" } });
    await expect(createPresignPreview(ctx)(borrow)).resolves.toBe(true);
  });

  it("asks the background about the chain the wallet is on now, without the chain it switched from", async () => {
    const ask = vi
      .spyOn(fakeBrowser.runtime, "sendMessage")
      .mockResolvedValue({ ok: true, data: { kind: "none" } });
    await expect(createPresignPreview(ctx)(borrow)).resolves.toBe(true);
    // A card is due when the wallet switched (here the context has no DOM to show it in: it goes on).
    await expect(createPresignPreview(ctx)({ ...borrow, chainId: 1338, switchedFrom: 31337 })).resolves.toBe(
      true,
    );
    expect(ask.mock.calls.map(([message]) => message)).toEqual([
      { type: "preview/aaveTransaction", ...borrow },
      { type: "preview/aaveTransaction", ...borrow, chainId: 1338 },
    ]);
  });

  it("goes on at once when the background fails or answers nonsense", async () => {
    vi.spyOn(fakeBrowser.runtime, "sendMessage").mockRejectedValueOnce(new Error("no background"));
    await expect(createPresignPreview(ctx)(borrow)).resolves.toBe(true);
    vi.spyOn(fakeBrowser.runtime, "sendMessage").mockResolvedValueOnce({ ok: true, data: { kind: "aave" } });
    await expect(createPresignPreview(ctx)(borrow)).resolves.toBe(true);
  });

  it("a background that never answers holds the transaction no longer than the deadline", async () => {
    vi.spyOn(fakeBrowser.runtime, "sendMessage").mockReturnValue(new Promise(() => undefined));
    let decided: boolean | undefined;
    void createPresignPreview(ctx)(borrow).then((proceed) => {
      decided = proceed;
    });
    await vi.advanceTimersByTimeAsync(PREVIEW_ANSWER_DEADLINE_MS - 1);
    expect(decided).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(decided).toBe(true);
  });
});

describe("the background's answer as a card", () => {
  const answer = (after: unknown) => ({
    ok: true,
    data: {
      kind: "aave",
      action: "borrow",
      symbol: null,
      amount: null,
      amountUsd: null,
      healthFactor: { before: 1.93, after },
      risk: { horizon: "24h", before: null, after: null },
      alertThreshold: 1.3,
      block: null,
      note: "Vigil has no price for this asset in your positions yet.",
    },
  });

  it("shows a card for a call whose health factor after Vigil cannot work out", () => {
    // The restaker borrowing DAI on the demo page: the card must say "unknown", not vanish (fail open).
    expect(previewFromAnswer(answer("unknown"))?.healthFactor.after).toBe("unknown");
    expect(previewFromAnswer(answer(null))?.healthFactor.after).toBeNull();
    expect(previewFromAnswer(answer(1.2))?.healthFactor.after).toBe(1.2);
  });

  it("no card for an answer it cannot read", () => {
    expect(previewFromAnswer(answer("1.2"))).toBeNull();
    expect(previewFromAnswer({ ok: false })).toBeNull();
    expect(previewFromAnswer(null)).toBeNull();
  });
});
