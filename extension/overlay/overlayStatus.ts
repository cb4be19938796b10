import { browser } from "wxt/browser";
import type { OverlayStatus } from "../../shared/messages";

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
  return { signedIn: data.signedIn, portfolioKnown: data.portfolioKnown === true, healthFactor, updatedAt };
}

/** Storage keys whose change means the overlay should ask again (session or dashboard data). */
const WATCHED_KEYS = ["vigil:session", "vigil:dashboard"];

export function onOverlayStatusMaybeChanged(callback: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === "local" && WATCHED_KEYS.some((key) => key in changes)) callback();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
