import { settingsItem } from "../../lib/storage/settings";
import type { ApiClient } from "../apiClient";
import { endpoints } from "../endpoints";
import type { MessageHandlers } from "../router";

export interface DashboardHandlersHost {
  api: ApiClient;
  signedIn(): Promise<boolean>;
  /** The dashboard and the pending approvals, fetched together (see the background's refreshData). */
  refreshData(): Promise<void>;
}

/** The popup's refresh button and the options page's alert threshold. */
export function createDashboardHandlers(
  host: DashboardHandlersHost,
): Pick<MessageHandlers, "dashboard/refresh" | "settings/pushAlertThreshold"> {
  return {
    "dashboard/refresh": async () => {
      await host.refreshData();
      return { done: true };
    },
    "settings/pushAlertThreshold": async () => {
      if (!(await host.signedIn())) return { synced: false };
      const { alertHealthFactor } = await settingsItem.get();
      await host.api(endpoints.putSettings(alertHealthFactor));
      return { synced: true };
    },
  };
}

/** The account's alert threshold is the API's (its monitoring raises the alerts): adopt it after sign-in. */
export async function pullAlertThreshold(api: ApiClient): Promise<void> {
  const remote = await api(endpoints.settings()).catch(() => null);
  if (remote)
    await settingsItem.set({ ...(await settingsItem.get()), alertHealthFactor: remote.alertThreshold });
}
