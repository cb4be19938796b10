import { describe, expect, it } from "vitest";
import { type DiscoveredWallet, recordDiscoveredWallets } from "./discoveredWallets";

const info = (rdns: string) => ({
  uuid: `uuid-${rdns}`,
  name: rdns,
  icon: "data:image/svg+xml,<svg/>",
  rdns,
});

describe("recording wallets announced on a page", () => {
  it("keeps the page without its query, the tab, and puts the newest first", () => {
    const first = recordDiscoveredWallets([], [info("io.rabby")], {
      pageUrl: "https://app.aave.com/markets/?address=0xabc#x",
      tabId: 7,
      at: 1000,
    });
    expect(first).toEqual([
      { ...info("io.rabby"), seenOn: "https://app.aave.com/markets/", seenAt: 1000, tabIds: [7] },
    ]);

    const second = recordDiscoveredWallets(first, [info("io.metamask"), info("io.rabby")], {
      pageUrl: "http://127.0.0.1:8713/demo/",
      tabId: 9,
      at: 2000,
    });
    expect(second.map((w) => [w.rdns, w.seenOn, w.tabIds])).toEqual([
      ["io.metamask", "http://127.0.0.1:8713/demo/", [9]],
      ["io.rabby", "http://127.0.0.1:8713/demo/", [9, 7]],
    ]);
  });

  it("remembers at most five tabs per wallet, each once, and twenty wallets", () => {
    let list: DiscoveredWallet[] = [];
    for (const tabId of [1, 2, 3, 2, 4, 5, 6])
      list = recordDiscoveredWallets(list, [info("io.rabby")], {
        pageUrl: "https://app.aave.com/",
        tabId,
        at: tabId,
      });
    expect(list[0]?.tabIds).toEqual([6, 5, 4, 2, 3]);

    for (let i = 0; i < 25; i++)
      list = recordDiscoveredWallets(list, [info(`w${i}`)], {
        pageUrl: "https://app.aave.com/",
        tabId: undefined,
        at: i,
      });
    expect(list).toHaveLength(20);
    expect(list[0]?.rdns).toBe("w24");
    expect(list[0]?.tabIds).toEqual([]);
  });
});
