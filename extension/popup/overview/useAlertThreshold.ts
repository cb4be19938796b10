import { useEffect, useState } from "react";
import { DEFAULT_ALERT_THRESHOLD } from "../../../shared/schemas/settings";
import { settingsItem } from "../../lib/storage/settings";

/** The user's alert threshold (mirrored from the account's settings), following changes while the popup is open. */
export function useAlertThreshold(): number {
  const [threshold, setThreshold] = useState(DEFAULT_ALERT_THRESHOLD);
  useEffect(() => {
    void settingsItem.get().then((settings) => setThreshold(settings.alertHealthFactor));
    return settingsItem.watch((settings) => setThreshold(settings.alertHealthFactor));
  }, []);
  return threshold;
}
