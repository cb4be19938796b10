import type { BrowserContext } from "playwright-core";
import { serviceWorkerEndingWith } from "./browser";

type NotificationsGlobal = {
  chrome: {
    notifications: {
      getAll(): Promise<Record<string, boolean>>;
      onButtonClicked: { dispatch(notificationId: string, buttonIndex: number): void };
    };
  };
};

/** Ids of the notifications Vigil shows right now. */
export async function shownNotifications(context: BrowserContext): Promise<string[]> {
  const worker = await serviceWorkerEndingWith(context, "background.js");
  return worker.evaluate(async () =>
    Object.keys(await (globalThis as unknown as NotificationsGlobal).chrome.notifications.getAll()),
  );
}

/**
 * Presses a button of one of Vigil's notifications. Headless Chromium draws no notifications to click, so
 * the click event is dispatched through Chrome's own event object in Vigil's service worker: the listener
 * Vigil registered runs exactly as for a real click. Refuses a notification that is not shown.
 */
export async function pressNotificationButton(
  context: BrowserContext,
  notificationId: string,
  buttonIndex: number,
): Promise<void> {
  const worker = await serviceWorkerEndingWith(context, "background.js");
  const pressed = await worker.evaluate(
    async ({ notificationId, buttonIndex }) => {
      const { notifications } = (globalThis as unknown as NotificationsGlobal).chrome;
      if (!(notificationId in (await notifications.getAll()))) return false;
      notifications.onButtonClicked.dispatch(notificationId, buttonIndex);
      return true;
    },
    { notificationId, buttonIndex },
  );
  if (!pressed) throw new Error(`notification ${notificationId} is not shown`);
}
