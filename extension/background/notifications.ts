import { type Browser, browser } from "wxt/browser";
import type { Settings } from "../lib/storage/settings";

export type NotificationKind = "riskAlert" | "proposal" | "general";

const preferenceFor: Record<NotificationKind, keyof Settings["notifications"]> = {
  riskAlert: "riskAlerts",
  proposal: "proposals",
  general: "general",
};

export interface NotificationsHost {
  settings(): Promise<Settings>;
  onApprove(proposalId: string): Promise<void>;
  onReject(proposalId: string): Promise<void>;
  /**
   * Chrome showed a notification (`error` null) or refused to (notifications turned off for Vigil): the caller
   * records it so the popup can say alerts are not reaching the desktop. A refusal never throws: the message it
   * carried was still received, and must be acknowledged, or the stream would stall on it.
   */
  onDelivery?(error: string | null): Promise<void>;
}

export interface Notifications {
  /** Shows a notification unless the user turned that kind off; returns whether it was shown. */
  notify(kind: Exclude<NotificationKind, "proposal">, title: string, message: string): Promise<boolean>;
  /** A transaction proposal with Approve / Reject buttons. */
  proposal(proposalId: string, title: string, message: string): Promise<boolean>;
  /** The proposal no longer waits for this browser (approved elsewhere, expired, ended): its sticky card goes. */
  clearProposal(proposalId: string): Promise<void>;
  /**
   * Vigil's own watch failing: shown whatever the preferences, since a silent watcher is the failure feared most.
   * `key` names the problem: the same problem shown again replaces its card rather than adding one.
   */
  watchProblem(key: string, title: string, message: string): Promise<void>;
  clearWatchProblem(key: string): Promise<void>;
}

const PROPOSAL_PREFIX = "vigil:proposal:";
const APPROVE_BUTTON = 0;
/** Ids of the watch's own problem notifications: `vigil:watch:<problem key>`. */
export const WATCH_PREFIX = "vigil:watch:";

/** Browser notifications, filtered by the user's preferences; proposal buttons route to the approvals module. */
export function createNotifications(host: NotificationsHost): Notifications {
  const wanted = async (kind: NotificationKind) => (await host.settings()).notifications[preferenceFor[kind]];
  const icon = browser.runtime.getURL("/icon/128.png");

  browser.notifications.onButtonClicked.addListener((notificationId, buttonIndex) => {
    if (!notificationId.startsWith(PROPOSAL_PREFIX)) return;
    const proposalId = notificationId.slice(PROPOSAL_PREFIX.length);
    void browser.notifications.clear(notificationId);
    void (buttonIndex === APPROVE_BUTTON ? host.onApprove(proposalId) : host.onReject(proposalId));
  });
  browser.notifications.onClicked.addListener((notificationId) => {
    if (notificationId.startsWith(PROPOSAL_PREFIX))
      void host.onApprove(notificationId.slice(PROPOSAL_PREFIX.length));
  });

  /** Creates one notification; whether Chrome showed it. */
  const show = async (id: string | undefined, options: Browser.notifications.NotificationCreateOptions) => {
    try {
      if (id === undefined) await browser.notifications.create(options);
      else await browser.notifications.create(id, options);
    } catch (error) {
      await host.onDelivery?.(
        error instanceof Error && error.message ? error.message : "refused by the browser",
      );
      return false;
    }
    await host.onDelivery?.(null);
    return true;
  };

  return {
    async notify(kind, title, message) {
      if (!(await wanted(kind))) return false;
      return show(undefined, { type: "basic", iconUrl: icon, title, message });
    },
    async proposal(proposalId, title, message) {
      if (!(await wanted("proposal"))) return false;
      return show(`${PROPOSAL_PREFIX}${proposalId}`, {
        type: "basic",
        iconUrl: icon,
        title,
        message,
        requireInteraction: true,
        buttons: [{ title: "Approve…" }, { title: "Reject" }],
      });
    },
    async clearProposal(proposalId) {
      await browser.notifications.clear(`${PROPOSAL_PREFIX}${proposalId}`);
    },
    async clearWatchProblem(key) {
      await browser.notifications.clear(`${WATCH_PREFIX}${key}`);
    },
    async watchProblem(key, title, message) {
      await show(`${WATCH_PREFIX}${key}`, { type: "basic", iconUrl: icon, title, message, priority: 2 });
    },
  };
}
