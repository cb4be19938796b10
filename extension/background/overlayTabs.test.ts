import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { createOverlayTabs, overlayTabsItem } from "./overlayTabs";

describe("telling in-page overlays their status changed", () => {
  beforeEach(() => fakeBrowser.reset());

  it("messages every tab whose overlay asked, once each, and forgets tabs that are gone", async () => {
    const sent: number[] = [];
    const overlays = createOverlayTabs({
      async sendToTab(tabId, message) {
        expect(message).toEqual({ type: "overlay/statusChanged" });
        sent.push(tabId);
        if (tabId === 7) throw new Error("Receiving end does not exist.");
        return undefined;
      },
    });
    await overlays.remember(3);
    await overlays.remember(7);
    await overlays.remember(3);
    await overlays.remember(undefined);
    await overlays.statusChanged();
    expect(sent.sort()).toEqual([3, 7]);
    expect(await overlayTabsItem.get()).toEqual([3]);
    // Kept where content scripts cannot read (storage.session), like the session itself.
    expect(await fakeBrowser.storage.local.get("vigil:overlayTabs")).toEqual({});
  });
});
