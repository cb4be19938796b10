import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { z } from "zod";
import { createApiClient } from "../background/apiClient";
import { createApprovals } from "../background/approvals";
import { setBadge } from "../background/badge";
import { createDashboard } from "../background/dashboard";
import { createNotifications } from "../background/notifications";
import { createMessageRouter, type MessageHandlers } from "../background/router";
import { createSession } from "../background/session";
import { transactionSchema } from "../lib/api/contract";
import { discoveredWalletsItem } from "../lib/storage/discoveredWallets";
import { apiBase, settingsItem } from "../lib/storage/settings";

const SESSION_EXPIRY_ALARM = "vigil:session-expiry";
/** Safety net: refresh (and later revive the socket) even if every other wake-up was missed. */
const REFRESH_ALARM = "vigil:refresh";
const REFRESH_MINUTES = 5;

export default defineBackground(() => {
  const now = () => Date.now();

  const api = createApiClient({
    baseUrl: async () => apiBase(await settingsItem.get()),
    token: () => session.token(),
    onUnauthorized: async () => {
      await session.signOut("expired");
      await dashboard.clear();
    },
  });

  const session = createSession({
    api,
    now,
    async scheduleExpiry(at) {
      await browser.alarms.clear(SESSION_EXPIRY_ALARM);
      if (at !== null)
        await browser.alarms.create(SESSION_EXPIRY_ALARM, { when: Math.max(at, now() + 1000) });
    },
  });

  const dashboard = createDashboard({
    api,
    baseUrl: async () => apiBase(await settingsItem.get()),
    now,
    signedIn: async () => (await session.state()).status === "signedIn",
    onHealthFactor: setBadge,
  });

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
  });

  createNotifications({
    settings: () => settingsItem.get(),
    onApprove: (proposalId) => approvals.open(proposalId),
    onReject: (proposalId) => approvals.reject(proposalId),
  });

  const handlers: MessageHandlers = {
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
      void dashboard.refresh();
      return state;
    },
    "session/signOut": async () => {
      const state = await session.signOut("signedOut");
      await dashboard.clear();
      return state;
    },
    "dashboard/refresh": async () => {
      await dashboard.refresh();
      return { done: true };
    },
    "overlay/getStatus": async () => ({
      signedIn: (await session.state()).status === "signedIn",
      ...(await dashboard.healthFactor()),
    }),
    "wallet/providersDiscovered": async ({ origin, providers }) => {
      const seen = providers.map((info) => ({ ...info, seenOn: new URL(origin).origin, seenAt: now() }));
      const others = (await discoveredWalletsItem.get()).filter(
        (old) => !seen.some((s) => s.rdns === old.rdns),
      );
      await discoveredWalletsItem.set([...seen, ...others].slice(0, 20));
      return { done: true };
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

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SESSION_EXPIRY_ALARM) {
      void session.state(); // reading an expired session signs it out
      void dashboard.clear();
    }
    if (alarm.name === REFRESH_ALARM) void dashboard.refresh();
  });
  void browser.alarms.create(REFRESH_ALARM, { periodInMinutes: REFRESH_MINUTES });
});
