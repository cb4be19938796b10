import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { notificationsBlockedItem, recordNotificationDelivery } from "./notificationsBlocked";

describe("notifications refused by Chrome", () => {
  beforeEach(() => fakeBrowser.reset());

  it("keeps the first refusal (from when) until a notification shows again", async () => {
    await recordNotificationDelivery(null, 1);
    expect(await notificationsBlockedItem.get()).toBeNull();
    await recordNotificationDelivery("disabled", 10);
    await recordNotificationDelivery("disabled again", 20);
    expect(await notificationsBlockedItem.get()).toEqual({ since: 10, error: "disabled" });
    await recordNotificationDelivery(null, 30);
    expect(await notificationsBlockedItem.get()).toBeNull();
  });
});
