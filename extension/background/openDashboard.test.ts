import { describe, expect, it } from "vitest";
import { createOpenDashboard } from "./openDashboard";

function setup(existing: number | undefined) {
  const calls: string[] = [];
  const open = createOpenDashboard({
    popupUrl: "chrome-extension://id/popup.html",
    findTab: async (url) => {
      calls.push(`find ${url}`);
      return existing;
    },
    focusTab: async (tabId) => {
      calls.push(`focus ${tabId}`);
    },
    openTab: async (url, opener) => {
      calls.push(`open ${url} after ${opener}`);
    },
  });
  return { open, calls };
}

describe("the badge opens the dashboard", () => {
  it("in a tab beside the page it was clicked on", async () => {
    const { open, calls } = setup(undefined);
    expect(await open(7)).toEqual({ opened: "tab" });
    expect(calls).toEqual([
      "find chrome-extension://id/popup.html",
      "open chrome-extension://id/popup.html after 7",
    ]);
  });

  it("brings an open dashboard forward instead of opening a second one", async () => {
    const { open, calls } = setup(12);
    expect(await open(7)).toEqual({ opened: "existing" });
    expect(calls).toEqual(["find chrome-extension://id/popup.html", "focus 12"]);
  });
});
