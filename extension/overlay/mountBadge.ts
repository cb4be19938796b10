import type { ContentScriptContext } from "wxt/utils/content-script-context";
import { createShadowRootUi } from "wxt/utils/content-script-ui/shadow-root";
import { badgeCss, createBadgeView } from "./badgeView";
import { fetchOverlayStatus, onOverlayStatusMaybeChanged, openDashboard } from "./overlayStatus";

/**
 * Mounts the health-factor badge in a closed shadow root, fixed to the bottom-right corner. The host takes no
 * pointer events, so the page under it stays clickable; only the badge itself does. Returns the teardown.
 */
export async function mountBadge(ctx: ContentScriptContext): Promise<() => void> {
  let stopWatching: (() => void) | null = null;
  const ui = await createShadowRootUi(ctx, {
    name: "vigil-overlay",
    mode: "closed",
    position: "inline",
    anchor: "body",
    css: badgeCss,
    onMount(container, _shadow, host) {
      host.dataset.testid = "vigil-overlay-host";
      const view = createBadgeView(container, openDashboard);
      const update = () => void fetchOverlayStatus().then((status) => view.render(status));
      view.render(null);
      update();
      stopWatching = onOverlayStatusMaybeChanged(update);
    },
    onRemove() {
      stopWatching?.();
      stopWatching = null;
    },
  });
  ui.mount();
  const teardown = () => ui.remove();
  ctx.onInvalidated(teardown);
  return teardown;
}
