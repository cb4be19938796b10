import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { z } from "zod";
import { chainTransactionSchema } from "../../shared/schemas/chainTransaction";
import { riskForecastSchema } from "../../shared/schemas/risk";
import { createApiClient } from "../background/apiClient";
import { createApprovals } from "../background/approvals";
import { setBadge } from "../background/badge";
import { createDashboard } from "../background/dashboard";
import { createLiveMessageHandler } from "../background/liveMessages";
import { createNotifications } from "../background/notifications";
import { createOverlayTabs } from "../background/overlayTabs";
import { createPendingApprovals } from "../background/pendingApprovals";
import { createPopupRequestHandlers } from "../background/popupRequests";
import { createPresignPreview } from "../background/presignPreview";
import { createMessageRouter, type MessageHandlers } from "../background/router";
import { createSession } from "../background/session";
import { createLiveSocket } from "../background/socket";
import { createWatchAlerts } from "../background/watchAlerts";
import { transactionSchema, userSettingsSchema, wsTicketResponseSchema } from "../lib/api/contract";
import { dashboardCacheItem } from "../lib/storage/dashboardCache";
import { discoveredWalletsItem, recordDiscoveredWallets } from "../lib/storage/discoveredWallets";
import { lastSeqItem, liveStatusItem } from "../lib/storage/live";
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
    });
  }

  const approvals = createApprovals({
    fetchProposal: (proposalId) =>
      api({ path: `/transactions/${encodeURIComponent(proposalId)}`, schema: transactionSchema }),
    rejectProposal: async (proposalId) => {
      await api({
        method: "POST",
        path: `/transactions/${encodeURIComponent(proposalId)}/reject`,
        schema: z.unknown(),
      });
    },
    simulateProposal: (proposalId) =>
      api({
        method: "POST",
        path: `/transactions/${encodeURIComponent(proposalId)}/simulate`,
        schema: transactionSchema,
      }),
    approveProposal: (proposalId) =>
      api({
        method: "POST",
        path: `/transactions/${encodeURIComponent(proposalId)}/approve`,
        schema: transactionSchema,
      }),
    submitProposal: (proposalId, txHashes) =>
      api({
        method: "POST",
        path: `/transactions/${encodeURIComponent(proposalId)}/submitted`,
        body: { txHashes },
        schema: transactionSchema,
      }),
    walletRejectedProposal: (proposalId, stepIndex) =>
      api({
        method: "POST",
        path: `/transactions/${encodeURIComponent(proposalId)}/wallet-rejected`,
        body: { stepIndex },
        schema: transactionSchema,
      }),
  });

  const presignPreview = createPresignPreview({
    portfolio: async () => (await dashboardCacheItem.get())?.portfolio ?? null,
    forecast: (body) =>
      api({ method: "POST", path: "/risk/forecast", body, schema: riskForecastSchema }).catch(() => null),
  });

  const notifications = createNotifications({
    settings: () => settingsItem.get(),
    onApprove: (proposalId) => approvals.open(proposalId),
    onReject: (proposalId) => approvals.reject(proposalId),
  });

  const watchAlerts = createWatchAlerts({
    now,
    notify: (title, message) => notifications.watchProblem(title, message),
  });

  const socket = createLiveSocket({
    baseUrl: currentApiBase,
    ticket: async () =>
      (await api({ method: "POST", path: "/ws/ticket", schema: wsTicketResponseSchema })).ticket,
    lastSeq: () => lastSeqItem.get(),
    saveLastSeq: (seq) => lastSeqItem.set(seq),
    onMessage: createLiveMessageHandler({ dashboard, notifications, approvals, pendingApprovals }),
    onResync: refreshData,
    onStatus: (status) => void liveStatusItem.set(status),
    onSessionEnded: () => void endSession("expired"),
    now,
  });

  /** The account's alert threshold is the API's (its monitoring raises the alerts): adopt it after sign-in. */
  async function pullAlertThreshold() {
    const remote = await api({ path: "/me/settings", schema: userSettingsSchema }).catch(() => null);
    if (remote)
      await settingsItem.set({ ...(await settingsItem.get()), alertHealthFactor: remote.alertThreshold });
  }

  /** Everything a session leaves behind goes with it: token, cached data, badge, socket, replay position. */
  async function endSession(reason: "signedOut" | "expired") {
    socket.stop();
    const state = await session.signOut(reason);
    await dashboard.clear();
    await pendingApprovals.clear();
    await lastSeqItem.remove();
    return state;
  }

  const handlers: MessageHandlers = {
    ...createPopupRequestHandlers(api, pendingApprovals),
    "session/get": () => session.state(),
    "session/openConnectPage": async () => {
      await browser.tabs.create({ url: browser.runtime.getURL("/connect.html") });
      return { done: true };
    },
    "session/prepareSignIn": async ({ address, chainId }) => ({
      message: await session.prepareSignIn(address as `0x${string}`, chainId),
    }),
    "session/completeSignIn": async ({ address, message, signature }) => {
      const state = await session.completeSignIn(
        address as `0x${string}`,
        message,
        signature as `0x${string}`,
      );
      await watchAlerts.reset();
      void refreshData();
      void pullAlertThreshold();
      socket.start();
      return state;
    },
    "session/signOut": async () => {
      await watchAlerts.reset();
      return endSession("signedOut");
    },
    "dashboard/refresh": async () => {
      await refreshData();
      return { done: true };
    },
    "overlay/getStatus": async (_request, sender) => {
      await overlayTabs.remember(sender.tabId);
      return { signedIn: await signedIn(), ...(await dashboard.healthFactor()) };
    },
    "wallet/providersDiscovered": async ({ providers }, sender) => {
      if (!sender.url) return { done: true };
      const seen = { pageUrl: sender.url, tabId: sender.tabId, at: now() };
      await discoveredWalletsItem.set(
        recordDiscoveredWallets(await discoveredWalletsItem.get(), providers, seen),
      );
      return { done: true };
    },
    "settings/pushAlertThreshold": async () => {
      if (!(await signedIn())) return { synced: false };
      const { alertHealthFactor } = await settingsItem.get();
      await api({
        method: "PUT",
        path: "/me/settings",
        body: { alertThreshold: alertHealthFactor },
        schema: userSettingsSchema,
      });
      return { synced: true };
    },
    "approvals/open": async ({ proposalId }) => {
      await approvals.open(proposalId);
      return { done: true };
    },
    "approvals/get": ({ proposalId }) => approvals.get(proposalId),
    "approvals/reject": async ({ proposalId }) => {
      await approvals.reject(proposalId);
      return { done: true };
    },
    "approvals/simulate": ({ proposalId }) => approvals.simulate(proposalId),
    "approvals/approve": ({ proposalId }) => approvals.approve(proposalId),
    "approvals/submitted": ({ proposalId, txHashes }) => approvals.submitted(proposalId, txHashes),
    "chain/transaction": ({ chainId, hash }) =>
      api({ path: `/chains/${chainId}/transactions/${hash}`, schema: chainTransactionSchema }),
    "approvals/walletRejected": ({ proposalId, stepIndex }) =>
      approvals.walletRejected(proposalId, stepIndex),
    "preview/aaveTransaction": async (tx) => {
      if (!(await signedIn())) return { kind: "none" };
      return presignPreview(tx);
    },
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
