import { describe, expect, it } from "vitest";
import { createOpenDashboard } from "./openDashboard";

function setup(popup: () => Promise<void>) {
  const calls: string[] = [];
  const open = createOpenDashboard({
    popupUrl: "chrome-extension://id/popup.html",
    openPopup: async (tabId) => {
      calls.push(`popup over tab ${tabId}`);
      await popup();
    },
    openTab: async (url, opener) => {
      calls.push(`tab ${url} after ${opener}`);
    },
  });
  return { open, calls };
}

describe("the badge opens the dashboard", () => {
  it("as the toolbar popup over the page's window", async () => {
    const { open, calls } = setup(async () => undefined);
    expect(await open(7)).toEqual({ opened: "popup" });
    expect(calls).toEqual(["popup over tab 7"]);
  });

  it("in a tab beside the page when the browser will not open the popup", async () => {
    const { open, calls } = setup(async () => {
      throw new Error("Could not find an active browser window.");
    });
    expect(await open(7)).toEqual({ opened: "tab" });
    expect(calls).toEqual(["popup over tab 7", "tab chrome-extension://id/popup.html after 7"]);
  });
});
