import { useEffect } from "react";
import { sendToBackground } from "../../lib/messaging/sendToBackground";
import { useBackgroundData } from "../useBackgroundData";

/** Re-asked while the popup is open: a proposal can arrive any time (the socket also refreshes the dashboard). */
const POLL_MS = 15_000;

/** Pending proposals, reloaded whenever the dashboard data changes and every POLL_MS while the popup is open. */
export function usePendingApprovals(enabled: boolean, dashboardVersion: number | undefined) {
  const pending = useBackgroundData(
    () =>
      enabled
        ? sendToBackground({ type: "transactions/listPending" }).then((list) => list.transactions)
        : Promise.resolve(null),
    `${enabled}:${dashboardVersion}`,
  );
  const { reload } = pending;
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [enabled, reload]);
  return pending;
}
