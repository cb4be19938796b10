import { defineUnlistedScript } from "wxt/utils/define-unlisted-script";
import { PAGE_BRIDGE_TAG } from "../../shared/messages/pageBridgeTag";

/**
 * Runs in the page's main world (injected by the in-page content script): discovers wallets with EIP-6963 and
 * reports their public info to the content script over window.postMessage on this page load's channel.
 * It holds nothing secret and touches nothing else on the page; the content script validates what it sends.
 */
interface Eip6963Detail {
  info?: { uuid?: unknown; name?: unknown; icon?: unknown; rdns?: unknown };
}

export default defineUnlistedScript(() => {
  const channel = document.currentScript?.dataset.vigilChannel;
  if (!channel) return;
  const seen = new Map<string, { uuid: string; name: string; icon: string; rdns: string }>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const report = () => {
    window.postMessage(
      {
        tag: PAGE_BRIDGE_TAG,
        channel,
        direction: "toContent",
        payload: { kind: "eip6963/providers", providers: [...seen.values()].slice(0, 20) },
      },
      window.location.origin,
    );
  };

  window.addEventListener("eip6963:announceProvider", (event) => {
    const info = (event as CustomEvent<Eip6963Detail>).detail?.info;
    if (!info || typeof info.rdns !== "string" || typeof info.uuid !== "string") return;
    if (typeof info.name !== "string" || typeof info.icon !== "string") return;
    seen.set(info.rdns, { uuid: info.uuid, name: info.name, icon: info.icon, rdns: info.rdns });
    clearTimeout(timer);
    timer = setTimeout(report, 300);
  });
  window.dispatchEvent(new Event("eip6963:requestProvider"));
});
