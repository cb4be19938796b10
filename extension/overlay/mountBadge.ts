import type { ContentScriptContext } from "wxt/utils/content-script-context";
import { createShadowRootUi } from "wxt/utils/content-script-ui/shadow-root";
import { badgeCss, createBadgeView } from "./badgeView";
import { fetchOverlayStatus, onOverlayStatusMaybeChanged, openDashboard } from "./overlayStatus";
import type { PageAccount } from "./pageAccount";

/**
 * Mounts the health-factor badge in a closed shadow root, fixed to the bottom-right corner. The host takes no
 * pointer events, so the page under it stays clickable; only the badge itself does. Returns the teardown.
 */
export async function mountBadge(ctx: ContentScriptContext, pageAccount: PageAccount): Promise<() => void> {
  let stopWatching: (() => void) | null = null;
  let stopFollowing: (() => void) | null = null;
  const ui = await createShadowRootUi(ctx, {
    name: "vigil-overlay",
    mode: "closed",
    position: "inline",
    anchor: "body",
    css: badgeCss,
    onMount(container, _shadow, host) {
      host.dataset.testid = "vigil-overlay-host";
      const view = createBadgeView(container, openDashboard);
      let status: Awaited<ReturnType<typeof fetchOverlayStatus>> = null;
      const render = () => view.render(status, pageAccount.get());
      const update = () =>
        void fetchOverlayStatus().then((next) => {
          status = next;
          render();
        });
      render();
      update();
      stopWatching = onOverlayStatusMaybeChanged(update);
      stopFollowing = pageAccount.subscribe(render);
    },
    onRemove() {
      stopWatching?.();
      stopWatching = null;
      stopFollowing?.();
      stopFollowing = null;
    },
  });
  ui.mount();
  const teardown = () => ui.remove();
  ctx.onInvalidated(teardown);
  return teardown;
}
