import { describe, expect, it } from "vitest";
import type { WalletRelayOutcome, WalletRelayTabMessage } from "../messages/walletRelay";
import type { DiscoveredWallet } from "../storage/discoveredWallets";
import { isUserRejection, WalletError } from "./eip1193";
import { connectPageWallet, type PageWalletHost } from "./pageWallet";

const RDNS = "dev.vigil.e2e-wallet";
const known: DiscoveredWallet = {
  uuid: "u",
  name: "E2E Wallet",
  icon: "data:image/svg+xml,<svg/>",
  rdns: RDNS,
  seenOn: "http://127.0.0.1:8713/demo/",
  seenAt: 1,
  tabIds: [3, 4],
};

type TabAnswer = (message: WalletRelayTabMessage) => WalletRelayOutcome | "gone";
const SITE = "http://127.0.0.1:8713";

/** Tabs by id, each answering like a content script (or gone); records who was asked what. */
function fakeHost(
  tabs: Map<number, TabAnswer>,
  opts: { wallet?: DiscoveredWallet | null; onOpen?: TabAnswer; origins?: Map<number, string> } = {},
) {
  const asked: string[] = [];
  const opened: string[] = [];
  const host: PageWalletHost = {
    wallet: async (rdns) => (rdns === RDNS ? (opts.wallet === undefined ? known : opts.wallet) : null),
    async sendToTab(tabId, message) {
      asked.push(`${tabId} ${message.request.method}`);
      const answer = tabs.get(tabId)?.(message) ?? "gone";
      if (answer === "gone") throw new Error("Could not establish connection. Receiving end does not exist.");
      // As the content script answers: the outcome, and the origin of the page it runs in.
      return { origin: opts.origins?.get(tabId) ?? SITE, outcome: answer };
    },
    async openTab(url) {
      opened.push(url);
      const id = 100 + opened.length;
      if (opts.onOpen) tabs.set(id, opts.onOpen);
      return id;
    },
    sleep: async () => undefined,
  };
  return { host, asked, opened };
}

const wallet: TabAnswer = ({ request }) =>
  request.method === "personal_sign"
    ? { ok: true, result: `0xsig-${request.params[0]}` }
    : { ok: true, result: "0x7a69" };
const noWallet: TabAnswer = () => ({
  ok: false,
  error: { code: 4900, message: "That wallet is not on this page." },
});

describe("a page wallet (EIP-6963) reached through a tab", () => {
  it("uses the first remembered tab whose page has the wallet, and relays method and params", async () => {
    const { host, asked, opened } = fakeHost(new Map([[4, wallet]]));
    const provider = await connectPageWallet(RDNS, host);
    await expect(provider.request({ method: "personal_sign", params: ["0x68", "0xabc"] })).resolves.toBe(
      "0xsig-0x68",
    );
    expect(asked).toEqual(["3 eth_chainId", "4 eth_chainId", "4 personal_sign"]);
    expect(opened).toEqual([]);
  });

  it("opens the page where the wallet was last seen when no tab has it, and waits for it to announce", async () => {
    let probes = 0;
    const slowStart: TabAnswer = (message) => (++probes < 3 ? noWallet(message) : wallet(message));
    const { host, asked, opened } = fakeHost(new Map([[3, noWallet]]), { onOpen: slowStart });
    const provider = await connectPageWallet(RDNS, host);
    expect(opened).toEqual(["http://127.0.0.1:8713/demo/"]);
    await expect(provider.request({ method: "eth_chainId" })).resolves.toBe("0x7a69");
    expect(asked.filter((line) => line.startsWith("101"))).toHaveLength(4);
  });

  it("hands the wallet's 4001 back as an EIP-1193 rejection", async () => {
    const declines: TabAnswer = (message) =>
      message.request.method === "eth_sendTransaction"
        ? { ok: false, error: { code: 4001, message: "User rejected the request." } }
        : wallet(message);
    const provider = await connectPageWallet(RDNS, fakeHost(new Map([[3, declines]])).host);
    const error = await provider
      .request({ method: "eth_sendTransaction", params: [{}] })
      .catch((e: unknown) => e);
    expect(isUserRejection(error)).toBe(true);
    expect((error as Error).message).toBe("User rejected the request.");
  });

  it("never re-sends a signature request when its tab went away, but re-asks a read in another tab", async () => {
    const tabs = new Map<number, TabAnswer>([[3, wallet]]);
    const { host, asked } = fakeHost(tabs);
    const provider = await connectPageWallet(RDNS, host);
    tabs.delete(3);
    await expect(provider.request({ method: "eth_sendTransaction", params: [{}] })).rejects.toMatchObject({
      code: "not_answering",
      message:
        "The 127.0.0.1:8713 tab that reaches E2E Wallet was closed or reloaded. Keep it open while signing.",
    });
    expect(asked.filter((line) => line.endsWith("eth_sendTransaction"))).toHaveLength(1);

    tabs.set(4, wallet);
    await expect(provider.request({ method: "eth_chainId", params: [] })).resolves.toBe("0x7a69");
    expect(asked.slice(-3)).toEqual(["3 eth_chainId", "4 eth_chainId", "4 eth_chainId"]);
  });

  it("uses only tabs on the site the user picked, even when another site's tab announced the same wallet", async () => {
    const { host, asked, opened } = fakeHost(
      new Map([
        [3, wallet],
        [101, wallet],
      ]),
      {
        origins: new Map([
          [3, "https://hostile.example"],
          [101, "https://app.aave.com"],
        ]),
      },
    );
    const provider = await connectPageWallet(RDNS, host, "https://app.aave.com");
    expect(opened).toEqual(["https://app.aave.com/"]);
    await expect(provider.request({ method: "eth_chainId" })).resolves.toBe("0x7a69");
    expect(asked.filter((line) => line.endsWith("eth_chainId")).map((line) => line.split(" ")[0])).toEqual([
      "3",
      "4",
      "101",
      "101",
    ]);
  });

  it("says so when Vigil never saw the wallet, and asks it nothing outside sign-in and sending", async () => {
    await expect(connectPageWallet(RDNS, fakeHost(new Map(), { wallet: null }).host)).rejects.toMatchObject({
      code: "not_installed",
    });
    const provider = await connectPageWallet(RDNS, fakeHost(new Map([[3, wallet]])).host);
    await expect(provider.request({ method: "eth_signTypedData_v4", params: [] })).rejects.toBeInstanceOf(
      WalletError,
    );
  });

  it("gives up with a clear message when even the reopened page never shows the wallet", async () => {
    const { host } = fakeHost(new Map(), { onOpen: noWallet });
    let clock = 0;
    const realNow = Date.now;
    Date.now = () => (clock += 1000);
    try {
      await expect(connectPageWallet(RDNS, host)).rejects.toMatchObject({
        code: "not_answering",
        message: "E2E Wallet did not answer on 127.0.0.1:8713. Unlock it, open that site and try again.",
      });
    } finally {
      Date.now = realNow;
    }
  });
});
