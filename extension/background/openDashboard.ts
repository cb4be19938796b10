export interface OpenDashboardHost {
  /** The toolbar popup over the window of `tabId` (chrome.action.openPopup); rejects where it cannot open. */
  openPopup(tabId: number | undefined): Promise<void>;
  /** A tab with the popup page, next to the page the user clicked on. */
  openTab(url: string, openerTabId: number | undefined): Promise<void>;
  popupUrl: string;
}

/**
 * The in-page badge was clicked: show the dashboard. The toolbar popup is where users expect it; where the
 * browser refuses to open it (no focused window, an older Chrome) the same page opens in a tab instead, so a
 * click always shows something.
 */
export function createOpenDashboard(host: OpenDashboardHost) {
  return async (tabId: number | undefined): Promise<{ opened: "popup" | "tab" }> => {
    try {
      await host.openPopup(tabId);
      return { opened: "popup" };
    } catch {
      await host.openTab(host.popupUrl, tabId);
      return { opened: "tab" };
    }
  };
}
