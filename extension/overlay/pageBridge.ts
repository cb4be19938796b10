import { browser } from "wxt/browser";
import type { ContentScriptContext } from "wxt/utils/content-script-context";
import {
  PAGE_BRIDGE_HELLO_EVENT,
  PAGE_BRIDGE_OFFER_EVENT,
  readToContentMessage,
  type ToPagePayload,
} from "../lib/messages/pageBridge";
import type { PageAccount } from "./pageAccount";
import { createPresignPreview } from "./presignPreview";
import { createPreviewRequests } from "./previewRequests";
import { createWalletRelay } from "./walletRelay";

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
}

/**
 * Takes the MessagePort Vigil's main-world script (wallet-bridge.js, world MAIN, document_start) offers. Both
 * run before any page script, so the first offer is the main world's; it is the only one taken (cancelled, so
 * the main world knows, and stopped so no later listener sees it). Must be called synchronously at
 * document_start. Resolves with the port once taken.
 */
export function takeMainWorldPort(): Promise<MessagePort> {
  return new Promise((resolve) => {
    const take = (event: Event) => {
      const offered = event instanceof MessageEvent ? event.ports[0] : undefined;
      if (!offered) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      window.removeEventListener(PAGE_BRIDGE_OFFER_EVENT, take, true);
      resolve(offered);
    };
    window.addEventListener(PAGE_BRIDGE_OFFER_EVENT, take, true);
    // In case the main world ran first and its offer found nobody: it offers again on this.
    window.dispatchEvent(new Event(PAGE_BRIDGE_HELLO_EVENT));
  });
}

/**
 * Listens to Vigil's main-world script over the port `takeMainWorldPort` got. Every message is checked with
 * the shared zod schema; what arrives is still page data: wallet names and icons (only stored for the options
 * page), transactions the page wants to send (only previewed: the background decides from its own data what
 * they do to the account) and wallet answers to Vigil's own pages' requests (walletRelay.ts), which those pages
 * verify before believing.
 */
export function startPageBridge(
  ctx: ContentScriptContext,
  port: MessagePort,
  pageAccount: PageAccount,
): void {
  const toPage = (payload: ToPagePayload) => port.postMessage(payload);
  // If Vigil is reloaded or removed while requests wait, they go on (to the wallet, which asks the user
  // anyway) rather than leave the dapp waiting forever.
  const previewRequests = createPreviewRequests({
    toPage,
    preview: createPresignPreview(ctx),
    pageAccount: () => pageAccount.get(),
  });
  const walletRelay = createWalletRelay({
    toPage,
    extensionOrigin: browser.runtime.getURL("/"),
    extensionId: browser.runtime.id,
    newRequestId: () => randomHex(8),
  });
  const onRuntimeMessage = (
    message: unknown,
    sender: { id?: string; url?: string },
    sendResponse: (answer: unknown) => void,
  ) =>
    // The answer names this page's origin (read here, in the isolated world, not from the page), so Vigil's
    // pages use only a tab of the site the user picked.
    walletRelay.onMessage(message, sender, (outcome) =>
      sendResponse({ origin: window.location.origin, outcome }),
    )
      ? true
      : undefined;
  browser.runtime.onMessage.addListener(onRuntimeMessage);
  ctx.onInvalidated(() => {
    previewRequests.close();
    walletRelay.close();
    browser.runtime.onMessage.removeListener(onRuntimeMessage);
    port.close();
  });

  let reportedWallets = "";
  port.onmessage = (event: MessageEvent) => {
    const payload = readToContentMessage(event.data);
    if (payload?.kind === "preview/request") {
      previewRequests.onRequest(payload.requestId, payload.tx);
      return;
    }
    if (payload?.kind === "page/account") {
      pageAccount.set(payload.account);
      return;
    }
    if (payload?.kind === "wallet/response") {
      walletRelay.onResponse(payload.requestId, payload.outcome);
      return;
    }
    if (payload?.kind !== "eip6963/providers" || payload.providers.length === 0) return;
    // The same list again (a page that keeps announcing) says nothing new: the background is not asked to
    // rewrite the stored wallets each time.
    const list = JSON.stringify(payload.providers);
    if (list === reportedWallets) return;
    reportedWallets = list;
    void browser.runtime
      .sendMessage({
        type: "wallet/providersDiscovered",
        providers: payload.providers,
      })
      .catch(() => undefined);
  };
}
