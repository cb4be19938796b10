import { z } from "zod";
import { OVERLAY_STATUS_CHANGED, type OverlayStatusChanged } from "../lib/messages/overlayStatusChanged";
import { storedItem } from "../lib/storage/storedItem";

/** Enough for every tab of the in-page sites a user keeps open. */
const MAX_TABS = 50;

/** Tabs whose overlay asked for its status (session storage: survives the service worker, not the browser). */
export const overlayTabsItem = storedItem(
  "vigil:overlayTabs",
  z.array(z.number().int().nonnegative()).max(MAX_TABS),
  [],
  "session",
);

export interface OverlayTabsHost {
  /** tabs.sendMessage to the tab's top frame; rejects when the tab is gone or has no Vigil content script. */
  sendToTab(tabId: number, message: OverlayStatusChanged): Promise<unknown>;
}

/**
 * Tells the in-page overlays when their status may have changed, instead of letting content scripts read the
 * storage the session lives in. A tab that no longer answers is forgotten.
 */
export function createOverlayTabs(host: OverlayTabsHost) {
  return {
    async remember(tabId: number | undefined): Promise<void> {
      if (tabId === undefined) return;
      const tabs = await overlayTabsItem.get();
      if (tabs.includes(tabId)) return;
      await overlayTabsItem.set([tabId, ...tabs].slice(0, MAX_TABS));
    },
    async statusChanged(): Promise<void> {
      const tabs = await overlayTabsItem.get();
      const message: OverlayStatusChanged = { type: OVERLAY_STATUS_CHANGED };
      const answered = await Promise.all(
        tabs.map((tabId) =>
          host.sendToTab(tabId, message).then(
            () => true,
            () => false,
          ),
        ),
      );
      const alive = tabs.filter((_, index) => answered[index]);
      if (alive.length !== tabs.length) await overlayTabsItem.set(alive);
    },
  };
}
