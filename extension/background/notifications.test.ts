import { beforeEach, describe, expect, it, vi } from "vitest";
import { browser } from "wxt/browser";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { defaultSettings, type Settings } from "../lib/storage/settings";
import { createNotifications } from "./notifications";

const ID = "5b1d7d8e-3c1a-4f7e-9d55-0a1b2c3d4e5f";

function setup(preferences: Partial<Settings["notifications"]> = {}) {
  const calls: string[] = [];
  const created = vi.spyOn(browser.notifications, "create").mockResolvedValue(undefined as never);
  const notifications = createNotifications({
    settings: async () => ({
      ...defaultSettings,
      notifications: { ...defaultSettings.notifications, ...preferences },
    }),
    onApprove: async (id) => void calls.push(`approve ${id}`),
    onReject: async (id) => void calls.push(`reject ${id}`),
  });
  return { notifications, calls, created };
}

describe("notifications", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });

  it("shows a proposal with Approve / Reject buttons; the buttons reach the approvals module", async () => {
    const { notifications, calls, created } = setup();
    expect(await notifications.proposal(ID, "Repay 5,586 DAI on Aave", "Allow…, then Repay…")).toBe(true);
    expect(created).toHaveBeenCalledWith(
      `vigil:proposal:${ID}`,
      expect.objectContaining({
        title: "Repay 5,586 DAI on Aave",
        requireInteraction: true,
        buttons: [{ title: "Approve…" }, { title: "Reject" }],
      }),
    );
    await fakeBrowser.notifications.onButtonClicked.trigger(`vigil:proposal:${ID}`, 0);
    await fakeBrowser.notifications.onButtonClicked.trigger(`vigil:proposal:${ID}`, 1);
    await fakeBrowser.notifications.onClicked.trigger(`vigil:proposal:${ID}`);
    // Someone else's notification is not ours to act on.
    await fakeBrowser.notifications.onButtonClicked.trigger("other", 0);
    expect(calls).toEqual([`approve ${ID}`, `reject ${ID}`, `approve ${ID}`]);
  });

  it("shows the watch's own problems even with every kind turned off, one card per problem", async () => {
    const { notifications, created } = setup({ proposals: false, general: false, riskAlerts: false });
    await notifications.watchProblem("stale:0xabc", "Vigil last checked 0x3C44…93BC 5 min ago", "m");
    expect(created).toHaveBeenCalledWith(
      "vigil:watch:stale:0xabc",
      expect.objectContaining({ title: "Vigil last checked 0x3C44…93BC 5 min ago", priority: 2 }),
    );
  });

  it("clear a proposal's sticky card by its id", async () => {
    const { notifications } = setup();
    const cleared = vi.spyOn(browser.notifications, "clear").mockResolvedValue(undefined as never);
    await notifications.clearProposal(ID);
    expect(cleared).toHaveBeenCalledWith(`vigil:proposal:${ID}`);
  });

  it("respects the user's preferences per kind", async () => {
    const { notifications, created } = setup({ proposals: false, general: false });
    expect(await notifications.proposal(ID, "t", "m")).toBe(false);
    expect(await notifications.notify("general", "t", "m")).toBe(false);
    expect(await notifications.notify("riskAlert", "HF 1.19", "below 1.3")).toBe(true);
    expect(created).toHaveBeenCalledTimes(1);
  });

  it("a notification Chrome refuses is reported, never thrown: the message it carried still counts as received", async () => {
    const deliveries: (string | null)[] = [];
    const created = vi
      .spyOn(browser.notifications, "create")
      .mockRejectedValueOnce(new Error("Notifications are disabled for this extension"))
      .mockResolvedValue(undefined as never);
    const notifications = createNotifications({
      settings: async () => defaultSettings,
      onApprove: async () => {},
      onReject: async () => {},
      onDelivery: async (error) => void deliveries.push(error),
    });
    expect(await notifications.notify("riskAlert", "Liquidatable", "HF 0.98")).toBe(false);
    expect(await notifications.proposal(ID, "Repay", "m")).toBe(true);
    expect(created).toHaveBeenCalledTimes(2);
    expect(deliveries).toEqual(["Notifications are disabled for this extension", null]);
  });
});
