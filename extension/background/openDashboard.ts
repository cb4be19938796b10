export interface OpenDashboardHost {
  popupUrl: string;
  /** The id of a tab already showing the dashboard, if any. */
  findTab(url: string): Promise<number | undefined>;
  focusTab(tabId: number): Promise<void>;
  /** A new tab with the dashboard, next to the page the user clicked on. */
  openTab(url: string, openerTabId: number | undefined): Promise<void>;
}

/**
 * The in-page badge was clicked: show the dashboard in a tab beside the page (a tab already showing it is
 * brought forward rather than a second one opened). A tab, not the toolbar popup: chrome.action.openPopup
 * depends on the window having focus and a toolbar, and may do nothing, where a click must always show it.
 */
export function createOpenDashboard(host: OpenDashboardHost) {
  return async (tabId: number | undefined): Promise<{ opened: "tab" | "existing" }> => {
    const existing = await host.findTab(host.popupUrl);
    if (existing !== undefined) {
      await host.focusTab(existing);
      return { opened: "existing" };
    }
    await host.openTab(host.popupUrl, tabId);
    return { opened: "tab" };
  };
}
