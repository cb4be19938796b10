import { browser } from "wxt/browser";
import type { OverlayStatus } from "../lib/messages";
import { OVERLAY_STATUS_CHANGED } from "../lib/messages/overlayStatusChanged";

/**
 * The overlay's read-only view of the account, asked from the background. Kept free of zod and the API
 * schemas so the content bundle stays small: the background already validated everything it answers with,
 * and this only checks the envelope's shape before trusting it.
 */
export async function fetchOverlayStatus(): Promise<OverlayStatus | null> {
  const raw: unknown = await browser.runtime.sendMessage({ type: "overlay/getStatus" }).catch(() => null);
  if (typeof raw !== "object" || raw === null || !("ok" in raw) || raw.ok !== true || !("data" in raw))
    return null;
  const data = raw.data as Partial<OverlayStatus>;
  if (typeof data.signedIn !== "boolean") return null;
  const healthFactor = typeof data.healthFactor === "number" ? data.healthFactor : null;
  const updatedAt = typeof data.updatedAt === "number" ? data.updatedAt : null;
  const account = typeof data.account === "string" ? data.account : null;
  return {
    signedIn: data.signedIn,
    account,
    portfolioKnown: data.portfolioKnown === true,
    healthFactor,
    updatedAt,
    // Only an explicit false is fresh: a missing flag must not paint an old figure as current.
    stale: data.stale !== false,
    ...(typeof data.alertThreshold === "number" && data.alertThreshold > 0
      ? { alertThreshold: data.alertThreshold }
      : {}),
  };
}

/**
 * Calls back when the background says the status may have changed (sign-in, sign-out, new data). The session's
 * storage is out of a content script's reach on purpose, so the overlay is told rather than watching it.
 */
export function onOverlayStatusMaybeChanged(callback: () => void): () => void {
  const listener = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    // Only Vigil's own service worker or pages (no tab: not another content script).
    if (sender.id !== browser.runtime.id || sender.tab !== undefined) return;
    if ((message as { type?: unknown } | null)?.type === OVERLAY_STATUS_CHANGED) callback();
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

/** The badge was clicked: the background opens the dashboard in a tab. */
export function openDashboard(): void {
  void browser.runtime.sendMessage({ type: "overlay/openDashboard" }).catch(() => undefined);
}
