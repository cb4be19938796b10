import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { createApiClient } from "../background/apiClient";
import { createApprovals } from "../background/approvals";
import { setBadge } from "../background/badge";
import { createDashboard } from "../background/dashboard";
import { endpoints } from "../background/endpoints";
import { approvalsApi, createApprovalHandlers } from "../background/handlers/approvalHandlers";
import { createDashboardHandlers, pullAlertThreshold } from "../background/handlers/dashboardHandlers";
import { createPageHandlers } from "../background/handlers/pageHandlers";
import { createSessionHandlers } from "../background/handlers/sessionHandlers";
import { createLiveMessageHandler } from "../background/liveMessages";
import { createNotifications } from "../background/notifications";
import { createOpenDashboard } from "../background/openDashboard";
import { createOverlayTabs } from "../background/overlayTabs";
import { createPendingApprovals } from "../background/pendingApprovals";
import { createPopupRequestHandlers } from "../background/popupRequests";
import { createPresignPreview } from "../background/presignPreview";
import { createMessageRouter, type MessageHandlers } from "../background/router";
import { createSession } from "../background/session";
import { createLiveSocket } from "../background/socket";
import { createWatchAlerts } from "../background/watchAlerts";
import { dashboardCacheItem } from "../lib/storage/dashboardCache";
import {
  heldGeneralBacklogItem,
  heldRiskBacklogItem,
  lastSeqItem,
  notLiveSinceItem,
  recordLiveStatus,
} from "../lib/storage/live";
import { recordNotificationDelivery } from "../lib/storage/notificationsBlocked";
import { recentLiquidationsItem } from "../lib/storage/recentLiquidations";
import { sessionItem } from "../lib/storage/session";
import { apiBase, settingsItem } from "../lib/storage/settings";

const SESSION_EXPIRY_ALARM = "vigil:session-expiry";
/** Safety net: revives the socket (and refreshes stale data) even if every other wake-up was missed. */
const WATCHDOG_ALARM = "vigil:watchdog";
const WATCHDOG_MINUTES = 1;
const STALE_AFTER_MS = 5 * 60_000;

// Wires the background's modules together; each concern lives in ../background/.
export default defineBackground(() => {
  const now = () => Date.now();
  const currentApiBase = async () => apiBase(await settingsItem.get());
  const signedIn = async () => (await session.state()).status === "signedIn";
  const account = async () => {
    const state = await session.state();
    return state.status === "signedIn" ? state.address : null;
  };

  const api = createApiClient({
    baseUrl: currentApiBase,
    token: () => session.token(),
    onUnauthorized: async () => {
      await endSession("expired");
    },
  });

  const session = createSession({
    api,
    apiBase: currentApiBase,
    now,
    async scheduleExpiry(at) {
      await browser.alarms.clear(SESSION_EXPIRY_ALARM);
      if (at !== null)
        await browser.alarms.create(SESSION_EXPIRY_ALARM, { when: Math.max(at, now() + 1000) });
    },
    onWatchStopped: (address) => watchAlerts.stopped(address),
  });

  const dashboard = createDashboard({
    api,
    baseUrl: currentApiBase,
    now,
    signedIn,
    onHealthFactor: setBadge,
  });

  const pendingApprovals = createPendingApprovals({ api, baseUrl: currentApiBase, now });

  // The session (token included) stays out of content scripts' reach: storage.session at TRUSTED_CONTEXTS (the
  // default, set again so nothing ever widens it). The overlays are told when their status may have changed.
  void browser.storage.session.setAccessLevel?.({ accessLevel: "TRUSTED_CONTEXTS" }).catch(() => undefined);
  const overlayTabs = createOverlayTabs({
    sendToTab: (tabId, message) => browser.tabs.sendMessage(tabId, message, { frameId: 0 }),
  });
  sessionItem.watch(() => void overlayTabs.statusChanged());
  dashboardCacheItem.watch(() => void overlayTabs.statusChanged());

  /**
   * The popup's data: the dashboard and the pending approvals are fetched together. Only the dashboard is
   * awaited: the popup watches the approvals cache, and a slow list must not hold the dashboard's answer back.
   */
  async function refreshData() {
    void pendingApprovals.revalidate();
    await dashboard.refresh();
    await checkWatch();
  }

  /** Tells the user (once) when the watch goes stale, stops, or is about to stop for want of a session. */
  async function checkWatch() {
    const stored = await sessionItem.get();
    if (!stored || !(await signedIn())) return;
    await watchAlerts.check({
      address: stored.address,
      refreshExpiresAt: stored.refreshExpiresAt,
      cache: await dashboardCacheItem.get(),
      notLiveSince: await notLiveSinceItem.get(),
    });
  }

  const approvals = createApprovals(approvalsApi(api));

  const presignPreview = createPresignPreview({
    portfolio: async () => (await dashboardCacheItem.get())?.portfolio ?? null,
    forecast: (body) => api(endpoints.riskForecast(body)).catch(() => null),
    alertThreshold: async () => (await settingsItem.get()).alertHealthFactor,
    stale: async () => (await dashboard.healthFactor()).stale,
  });

  const openDashboard = createOpenDashboard({
    popupUrl: browser.runtime.getURL("/popup.html"),
    // Vigil's own tabs, which it may list without the "tabs" permission; an older browser opens a new one.
    findTab: async (url) => {
      const contexts = await browser.runtime.getContexts?.({ contextTypes: ["TAB"], documentUrls: [url] });
      const tabId = contexts?.[0]?.tabId;
      return tabId === undefined || tabId < 0 ? undefined : tabId;
    },
    focusTab: async (tabId) => {
      const tab = await browser.tabs.update(tabId, { active: true });
      if (tab?.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
    },
    openTab: async (url, openerTabId) => {
      await browser.tabs.create({ url, ...(openerTabId === undefined ? {} : { openerTabId }) });
    },
  });

  const notifications = createNotifications({
    settings: () => settingsItem.get(),
    onApprove: (proposalId) => approvals.open(proposalId),
    onReject: (proposalId) => approvals.reject(proposalId),
    // Refused notifications are said in the popup (once, from when); the next one shown clears it.
    onDelivery: (error) => recordNotificationDelivery(error, now()),
  });

  const watchAlerts = createWatchAlerts({
    now,
    notify: (key, title, message) => notifications.watchProblem(key, title, message),
    clear: (key) => notifications.clearWatchProblem(key),
  });

  const socket = createLiveSocket({
    baseUrl: currentApiBase,
    ticket: async () => (await api(endpoints.wsTicket())).ticket,
    lastSeq: () => lastSeqItem.get(),
    saveLastSeq: (seq) => lastSeqItem.set(seq),
    onMessage: createLiveMessageHandler({ dashboard, notifications, approvals, pendingApprovals }),
    onResync: refreshData,
    onStatus: (status) => void recordLiveStatus(status, now()),
    onSessionEnded: () => void endSession("expired"),
    now,
  });

  /** Everything a session leaves behind goes with it: token, cached data, badge, socket, replay position. */
  async function endSession(reason: "signedOut" | "expired") {
    socket.stop();
    // Cleared before the session goes too (its logout call can take a while and pages see the session go at
    // once), and again after, for a refresh that started in between.
    await dashboard.clear();
    const state = await session.signOut(reason);
    await dashboard.clear();
    await pendingApprovals.clear();
    await lastSeqItem.remove();
    await heldRiskBacklogItem.remove();
    await heldGeneralBacklogItem.remove();
    await recentLiquidationsItem.remove();
    return state;
  }

  const handlers: MessageHandlers = {
    ...createPopupRequestHandlers(api, pendingApprovals),
    ...createSessionHandlers({
      session,
      openConnectPage: async () => {
        await browser.tabs.create({ url: browser.runtime.getURL("/connect.html") });
      },
      onSignedIn: async () => {
        const signedInAs = await sessionItem.get();
        if (signedInAs) await watchAlerts.watching(signedInAs.address);
        void refreshData();
        void pullAlertThreshold(api);
        socket.start();
      },
      signOut: async () => {
        await watchAlerts.reset();
        return endSession("signedOut");
      },
    }),
    ...createDashboardHandlers({ api, signedIn, refreshData }),
    ...createApprovalHandlers(api, approvals),
    ...createPageHandlers({ signedIn, account, now, dashboard, overlayTabs, presignPreview, openDashboard }),
  };

  const route = createMessageRouter(
    handlers,
    browser.runtime.id,
    new URL(browser.runtime.getURL("/")).origin,
  );
  // Chrome 116 has no promise-returning onMessage listeners: answer through sendResponse and keep the port open.
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    void route(message, { extensionId: sender.id, url: sender.url, tabId: sender.tab?.id }).then(
      sendResponse,
    );
    return true;
  });

  /** On start-up and on every watchdog tick: a signed-in user has a socket and reasonably fresh data. */
  async function keepLive() {
    if (!(await signedIn())) {
      socket.stop();
      await watchAlerts.sessionGone();
      return;
    }
    socket.start();
    const { updatedAt } = await dashboard.healthFactor();
    if (updatedAt === null || now() - updatedAt > STALE_AFTER_MS) await dashboard.refresh();
    if (await pendingApprovals.isStale(STALE_AFTER_MS)) await pendingApprovals.revalidate();
    await checkWatch();
  }

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SESSION_EXPIRY_ALARM) void endSession("expired");
    if (alarm.name === WATCHDOG_ALARM) void keepLive();
  });
  void browser.alarms.create(WATCHDOG_ALARM, { periodInMinutes: WATCHDOG_MINUTES });
  void keepLive();
});
