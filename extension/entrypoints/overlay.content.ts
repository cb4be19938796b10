import { defineContentScript } from "wxt/utils/define-content-script";
import { IN_PAGE_MATCHES } from "../lib/buildConfig";
import { mountBadge } from "../overlay/mountBadge";
import { startPageBridge } from "../overlay/pageBridge";

export default defineContentScript({
  matches: IN_PAGE_MATCHES,
  // Top frame only: one badge per tab, never inside the site's iframes.
  allFrames: false,
  runAt: "document_idle",
  async main(ctx) {
    await mountBadge(ctx);
    await startPageBridge(ctx).catch(() => undefined);
  },
});
