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

export interface RecordedNotification {
  id: string;
  title: string;
  message: string;
}

type RecorderGlobal = {
  chrome: {
    notifications: { create(...args: unknown[]): Promise<string> };
    storage: {
      session: { get(key: string): Promise<Record<string, unknown>>; set(items: object): Promise<void> };
    };
  };
};

const RECORD_KEY = "e2e:notifications";

/**
 * Records what Vigil puts in each notification from now on (Chrome can list shown notifications but not read
 * them back). Wraps `chrome.notifications.create` in Vigil's service worker; the record lives in
 * storage.session, so it outlives a page but not the browser.
 */
export async function recordNotifications(context: BrowserContext): Promise<void> {
  const worker = await serviceWorkerEndingWith(context, "background.js");
  await worker.evaluate((key) => {
    const { chrome } = globalThis as unknown as RecorderGlobal;
    const create = chrome.notifications.create.bind(chrome.notifications);
    chrome.notifications.create = async (...args: unknown[]) => {
      const [first, second] = args;
      const options = (typeof first === "string" ? second : first) as { title?: string; message?: string };
      const id = await create(...args);
      const stored = ((await chrome.storage.session.get(key))[key] ?? []) as unknown[];
      await chrome.storage.session.set({
        [key]: [...stored, { id, title: options.title ?? "", message: options.message ?? "" }],
      });
      return id;
    };
  }, RECORD_KEY);
}

/** Every notification recorded since `recordNotifications`, oldest first. */
export async function recordedNotifications(context: BrowserContext): Promise<RecordedNotification[]> {
  const worker = await serviceWorkerEndingWith(context, "background.js");
  return worker.evaluate(
    async (key) =>
      ((await (globalThis as unknown as RecorderGlobal).chrome.storage.session.get(key))[key] ??
        []) as RecordedNotification[],
    RECORD_KEY,
  );
}
