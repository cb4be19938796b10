import { browser } from "wxt/browser";
import type { ContentScriptContext } from "wxt/utils/content-script-context";
import { injectScript } from "wxt/utils/inject-script";
import { readToContentMessage } from "../../shared/messages/pageBridge";

function mintChannelId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Starts Vigil's main-world script and listens to it. The channel id is handed to that one script element and
 * checked on every message, together with the sender window and the shared zod schema; what arrives is still
 * page data (wallet names and icons) and is only stored for the options page.
 */
export async function startPageBridge(ctx: ContentScriptContext): Promise<void> {
  const channel = mintChannelId();
  ctx.addEventListener(window, "message", (event: MessageEvent) => {
    if (event.source !== window) return;
    const payload = readToContentMessage(event.data, channel);
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
