import { defineContentScript } from "wxt/utils/define-content-script";
import { IN_PAGE_MATCHES } from "../lib/buildConfig";
import { mountBadge } from "../overlay/mountBadge";
import { createPageAccount } from "../overlay/pageAccount";
import { startPageBridge, takeMainWorldPort } from "../overlay/pageBridge";

const domReady = () =>
  document.readyState === "loading"
    ? new Promise<void>((resolve) =>
        document.addEventListener("DOMContentLoaded", () => resolve(), { once: true }),
      )
    : Promise.resolve();

export default defineContentScript({
  matches: IN_PAGE_MATCHES,
  // Top frame only: one badge per tab, never inside the site's iframes.
  allFrames: false,
  // At document_start the main-world bridge wraps the page's wallet before the dapp's own scripts grab it;
  // the badge waits for the body.
  runAt: "document_start",
  async main(ctx) {
    // Synchronously, before any page script runs: the port to Vigil's main-world script (wallet-bridge.js).
    const pageAccount = createPageAccount();
    void takeMainWorldPort().then((port) => startPageBridge(ctx, port, pageAccount));
    await domReady();
    await mountBadge(ctx, pageAccount);
  },
});
