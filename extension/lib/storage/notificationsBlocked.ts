import { z } from "zod";
import { storedItem } from "./storedItem";

/**
 * Chrome refused to show Vigil's notifications (the user turned them off for Vigil, or the system did): since
 * when, and Chrome's words. Null while they show. The popup says so, since alerts then reach nobody else.
 */
export const notificationsBlockedItem = storedItem(
  "vigil:notificationsBlocked",
  z.object({ since: z.number().int(), error: z.string().max(500) }).nullable(),
  null,
);

/** Records what Chrome did with a notification: the first refusal is kept (from when); one shown clears it. */
export async function recordNotificationDelivery(error: string | null, now: number): Promise<void> {
  const blocked = await notificationsBlockedItem.get();
  if (error === null) {
    if (blocked) await notificationsBlockedItem.set(null);
  } else if (!blocked) {
    await notificationsBlockedItem.set({ since: now, error: error.slice(0, 500) });
  }
}
