import { browser } from "wxt/browser";
import type { ContentScriptContext } from "wxt/utils/content-script-context";
import { injectScript } from "wxt/utils/inject-script";
import { PAGE_BRIDGE_TAG, readToContentMessage, type ToPagePayload } from "../../shared/messages/pageBridge";
import { createPresignPreview } from "./presignPreview";
import { createPreviewRequests } from "./previewRequests";
import { createWalletRelay } from "./walletRelay";

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
}

/**
 * Starts Vigil's main-world script and listens to it. The channel id is handed to that one script element and
 * checked on every message, together with the sender window and the shared zod schema; what arrives is still
 * page data: wallet names and icons (only stored for the options page) and transactions the page wants to send
 * (only previewed: the background decides from its own data what they do to the account). It also relays
 * Vigil's own pages' requests to a wallet announced here (walletRelay.ts).
 */
export async function startPageBridge(ctx: ContentScriptContext): Promise<void> {
  const channel = randomHex(16);
  const toPage = (payload: ToPagePayload) =>
    window.postMessage(
      { tag: PAGE_BRIDGE_TAG, channel, direction: "toPage", payload },
      window.location.origin,
    );
  // If Vigil is reloaded or removed while requests wait, they go on (to the wallet, which asks the user
  // anyway) rather than leave the dapp waiting forever.
  const previewRequests = createPreviewRequests({ toPage, preview: createPresignPreview(ctx) });
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
  ) => (walletRelay.onMessage(message, sender, sendResponse) ? true : undefined);
  browser.runtime.onMessage.addListener(onRuntimeMessage);
  ctx.onInvalidated(() => {
    previewRequests.close();
    walletRelay.close();
    browser.runtime.onMessage.removeListener(onRuntimeMessage);
  });

  ctx.addEventListener(window, "message", (event: MessageEvent) => {
    if (event.source !== window) return;
    const payload = readToContentMessage(event.data, channel);
    if (payload?.kind === "preview/request") {
      previewRequests.onRequest(payload.requestId, payload.tx);
      return;
    }
    if (payload?.kind === "wallet/response") {
      walletRelay.onResponse(payload.requestId, payload.outcome);
      return;
    }
    if (payload?.kind !== "eip6963/providers" || payload.providers.length === 0) return;
    void browser.runtime
      .sendMessage({
        type: "wallet/providersDiscovered",
        providers: payload.providers,
      })
      .catch(() => undefined);
  });
  await injectScript("/wallet-bridge.js", {
    modifyScript(script) {
      script.dataset.vigilChannel = channel;
    },
  });
}
