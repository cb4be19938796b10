import { describe, expect, it } from "vitest";
import { type DiscoveredWallet, MAX_WALLETS_PER_PAGE, recordDiscoveredWallets } from "./discoveredWallets";

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

  it("takes at most six wallets from one page, and never pushes out the wallet the user chose", () => {
    let list = recordDiscoveredWallets([], [info("io.rabby")], {
      pageUrl: "https://app.aave.com/",
      tabId: 1,
      at: 1,
    });
    // A page announces 30 made-up wallets, again and again: only six at a time, and the chosen one stays.
    for (let round = 0; round < 5; round++) {
      const flood = Array.from({ length: 30 }, (_, i) => info(`fake.${round}.${i}`));
      list = recordDiscoveredWallets(
        list,
        flood,
        { pageUrl: "https://evil.example/", tabId: 9, at: 10 + round },
        "io.rabby",
      );
      expect(list.filter((w) => w.seenAt === 10 + round)).toHaveLength(MAX_WALLETS_PER_PAGE);
    }
    expect(list).toHaveLength(20);
    expect(list.find((w) => w.rdns === "io.rabby")).toMatchObject({
      seenOn: "https://app.aave.com/",
      tabIds: [1],
    });
    // Kept in the last place; without a choice to keep, the last place is the first to go.
    expect(list.at(-1)?.rdns).toBe("io.rabby");
    const unkept = recordDiscoveredWallets(list, [info("new.one")], {
      pageUrl: "https://evil.example/",
      tabId: 9,
      at: 99,
    });
    expect(unkept.map((w) => w.rdns)).not.toContain("io.rabby");
  });
});
