import { discoveredWalletsItem, recordDiscoveredWallets } from "../../lib/storage/discoveredWallets";
import { settingsItem } from "../../lib/storage/settings";
import type { Dashboard } from "../dashboard";
import type { createOpenDashboard } from "../openDashboard";
import type { createOverlayTabs } from "../overlayTabs";
import type { createPresignPreview } from "../presignPreview";
import type { MessageHandlers } from "../router";

export interface PageHandlersHost {
  signedIn(): Promise<boolean>;
  /** The signed-in wallet, or null: the badge tells a site on another account that it is not this one. */
  account(): Promise<string | null>;
  now(): number;
  dashboard: Pick<Dashboard, "healthFactor">;
  overlayTabs: Pick<ReturnType<typeof createOverlayTabs>, "remember">;
  presignPreview: ReturnType<typeof createPresignPreview>;
  openDashboard: ReturnType<typeof createOpenDashboard>;
}

/** The discovered-wallets list's updates, in order (a failed one does not stop the next). */
let walletWrites: Promise<void> = Promise.resolve();

/**
 * What content scripts (web pages' tabs) may ask: the overlay's status, the dashboard opened, wallets seen, a
 * pre-sign preview.
 */
export function createPageHandlers(
  host: PageHandlersHost,
): Pick<
  MessageHandlers,
  "overlay/getStatus" | "overlay/openDashboard" | "wallet/providersDiscovered" | "preview/aaveTransaction"
> {
  return {
    "overlay/openDashboard": (_request, sender) => host.openDashboard(sender.tabId),
    "overlay/getStatus": async (_request, sender) => {
      await host.overlayTabs.remember(sender.tabId);
      const account = await host.account();
      const { alertHealthFactor } = await settingsItem.get();
      return {
        signedIn: account !== null,
        account,
        ...(await host.dashboard.healthFactor()),
        alertThreshold: alertHealthFactor,
      };
    },
    "wallet/providersDiscovered": async ({ providers }, sender) => {
      if (!sender.url) return { done: true };
      const seen = { pageUrl: sender.url, tabId: sender.tabId, at: host.now() };
      // One read-modify-write at a time: two tabs reporting together must not overwrite each other's update.
      const write = walletWrites.then(async () => {
        const { wallet } = await settingsItem.get();
        const keep = wallet.kind === "eip6963" ? wallet.rdns : undefined;
        await discoveredWalletsItem.set(
          recordDiscoveredWallets(await discoveredWalletsItem.get(), providers, seen, keep),
        );
      });
      walletWrites = write.catch(() => undefined);
      await write;
      return { done: true };
    },
    "preview/aaveTransaction": async (tx) => {
      if (!(await host.signedIn())) return { kind: "none" };
      return host.presignPreview(tx);
    },
  };
}
