import { useEffect, useState } from "react";
import { notificationsBlockedItem } from "../../lib/storage/notificationsBlocked";
import { formatClockTime } from "../../ui/format";

type Blocked = Awaited<ReturnType<typeof notificationsBlockedItem.get>>;

/**
 * Chrome refused Vigil's notifications (turned off for Vigil, or by the system): alerts reach the desktop no
 * more, so the popup says so until one shows again.
 */
export function NotificationsBlocked() {
  const [blocked, setBlocked] = useState<Blocked>(null);
  useEffect(() => {
    void notificationsBlockedItem.get().then(setBlocked);
    return notificationsBlockedItem.watch(setBlocked);
  }, []);
  if (!blocked) return null;
  return (
    <div className="notice warning" role="alert" data-testid="notifications-blocked">
      Chrome is not showing Vigil’s notifications (since {formatClockTime(blocked.since)}): alerts appear only
      here. Turn notifications for Vigil back on in Chrome’s settings.
    </div>
  );
}
