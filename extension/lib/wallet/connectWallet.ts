import { browser } from "wxt/browser";
import { discoveredWalletsItem } from "../storage/discoveredWallets";
import type { WalletChoice } from "../storage/settings";
import { type Eip1193Provider, WalletError } from "./eip1193";
import { connectMetaMask } from "./metamask";
import { connectPageWallet, type PageWalletHost } from "./pageWallet";

/** The page-wallet relay over the real extension APIs (tabs.sendMessage reaches a tab's content script). */
const browserPageWalletHost: PageWalletHost = {
  wallet: async (rdns) => (await discoveredWalletsItem.get()).find((wallet) => wallet.rdns === rdns) ?? null,
  sendToTab: (tabId, message) => browser.tabs.sendMessage(tabId, message, { frameId: 0 }),
  async openTab(url) {
    const tab = await browser.tabs.create({ url, active: false });
    if (tab.id === undefined)
      throw new WalletError("not_answering", `Could not open a tab of ${new URL(url).host}.`);
    return tab.id;
  },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The wallet the user chose in the options, as an EIP-1193 provider for Vigil's full-tab pages. */
export function connectWallet(choice: WalletChoice): Promise<Eip1193Provider> {
  return choice.kind === "metamask"
    ? connectMetaMask(choice.extensionId)
    : connectPageWallet(choice.rdns, browserPageWalletHost, choice.site);
}
