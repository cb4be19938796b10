import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { ContentScriptContext } from "wxt/utils/content-script-context";
import { createPageAccount } from "./pageAccount";
import { startPageBridge } from "./pageBridge";

const wallet = (rdns: string) => ({
  uuid: "350670db-19fa-4704-a166-e52e178b59d2",
  name: "Test Wallet",
  icon: "data:image/svg+xml,<svg/>",
  rdns,
});

describe("the content script's end of the page bridge", () => {
  let stop: () => void = () => undefined;
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => {
    stop();
    vi.restoreAllMocks();
  });

  function start() {
    const { port1: mainWorld, port2: contentPort } = new MessageChannel();
    const invalidated: Array<() => void> = [];
    const ctx = {
      onInvalidated: (cb: () => void) => invalidated.push(cb),
    } as unknown as ContentScriptContext;
    startPageBridge(ctx, contentPort, createPageAccount());
    stop = () => {
      for (const cb of invalidated) cb();
      mainWorld.close();
    };
    return mainWorld;
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it("tells the background about the page's wallets only when the list changed (a page re-announcing cannot make it rewrite its storage in a loop)", async () => {
    const sent = vi
      .spyOn(fakeBrowser.runtime, "sendMessage")
      .mockResolvedValue({ ok: true, data: { done: true } });
    const mainWorld = start();
    const report = (providers: unknown[]) => mainWorld.postMessage({ kind: "eip6963/providers", providers });
    for (let i = 0; i < 50; i += 1) report([wallet("io.test"), wallet("io.other")]);
    await settle();
    expect(sent).toHaveBeenCalledTimes(1);
    report([wallet("io.test"), wallet("io.other"), wallet("io.third")]);
    await settle();
    expect(sent).toHaveBeenCalledTimes(2);
    expect(sent.mock.calls[1]?.[0]).toMatchObject({ type: "wallet/providersDiscovered" });
  });
});
