import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { liveStatusItem, notLiveSinceItem, recordLiveStatus } from "./live";

describe("the live socket's status", () => {
  beforeEach(() => fakeBrowser.reset());

  it("remembers since when it has been trying to connect; live or off (signed out) clears it", async () => {
    await recordLiveStatus("connecting", 10);
    await recordLiveStatus("connecting", 20);
    expect(await notLiveSinceItem.get()).toBe(10);
    expect(await liveStatusItem.get()).toBe("connecting");
    await recordLiveStatus("live", 30);
    expect(await notLiveSinceItem.get()).toBeNull();
    await recordLiveStatus("connecting", 40);
    await recordLiveStatus("off", 50);
    expect(await notLiveSinceItem.get()).toBeNull();
  });
});
