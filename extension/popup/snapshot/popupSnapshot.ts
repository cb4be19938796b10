import { browser } from "wxt/browser";

/**
 * The popup's last rendered dashboard, kept so the next open paints it at once, before React and the schemas load
 * (a few hundred milliseconds on a slow machine). It is cached data like the dashboard cache it was rendered
 * from: painted inert (nothing clickable) and replaced as soon as the app has rendered. It lives in
 * storage.session, which content scripts cannot write: HTML that a page could plant would run with the
 * extension's rights. This module stays free of React and zod (it runs before they load).
 */
export const POPUP_SNAPSHOT_KEY = "vigil:popupSnapshot";
/** The signed-in session's key in storage.session (lib/storage/session.ts): a snapshot is painted only for it. */
const SESSION_KEY = "vigil:session";
/** An older snapshot is not worth showing: the app's own cached paint is as quick. */
export const SNAPSHOT_MAX_AGE_MS = 24 * 3600_000;
/** A snapshot bigger than this is not kept (storage.session is small and shared). */
export const SNAPSHOT_MAX_CHARS = 200_000;

export interface PopupSnapshot {
  html: string;
  /** The signed-in wallet it shows. */
  address: string;
  savedAt: number;
}

export function isPopupSnapshot(value: unknown): value is PopupSnapshot {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.html === "string" &&
    v.html.length <= SNAPSHOT_MAX_CHARS &&
    typeof v.address === "string" &&
    typeof v.savedAt === "number"
  );
}

/** The snapshot to paint now, if any: recent, and of the wallet that is still signed in. */
export function snapshotToPaint(stored: Record<string, unknown>, now: number): PopupSnapshot | null {
  const snapshot = stored[POPUP_SNAPSHOT_KEY];
  const session = stored[SESSION_KEY] as { address?: unknown } | undefined;
  if (!isPopupSnapshot(snapshot) || typeof session?.address !== "string") return null;
  if (session.address.toLowerCase() !== snapshot.address.toLowerCase()) return null;
  if (now - snapshot.savedAt > SNAPSHOT_MAX_AGE_MS || snapshot.savedAt > now + 60_000) return null;
  return snapshot;
}

/**
 * The dashboard as shown, for the next open: without the footer (its "Live" and "checked just now" would be
 * stale), without anything marked `data-no-snapshot`, and without test ids (nothing may mistake the stand-in
 * for the live dashboard).
 */
export function captureSnapshotHtml(popup: Element): string {
  const clone = popup.cloneNode(true) as Element;
  for (const skip of Array.from(clone.querySelectorAll("footer, [data-no-snapshot]"))) skip.remove();
  for (const el of [clone, ...Array.from(clone.querySelectorAll("[data-testid]"))])
    el.removeAttribute("data-testid");
  return clone.outerHTML;
}

export async function saveSnapshot(snapshot: PopupSnapshot): Promise<void> {
  if (snapshot.html.length > SNAPSHOT_MAX_CHARS) return;
  await browser.storage.session.set({ [POPUP_SNAPSHOT_KEY]: snapshot });
}

export async function clearSnapshot(): Promise<void> {
  await browser.storage.session.remove(POPUP_SNAPSHOT_KEY);
}

/** Paints the stored snapshot into `container` (inert) when there is one to show; returns whether it did. */
export async function paintSnapshot(container: HTMLElement, now = Date.now()): Promise<boolean> {
  const stored = await browser.storage.session.get([POPUP_SNAPSHOT_KEY, SESSION_KEY]);
  const snapshot = snapshotToPaint(stored, now);
  // The app may have rendered first (its cache answered sooner): then there is nothing to do.
  if (!snapshot || container.dataset.retired === "true") return false;
  container.inert = true;
  container.innerHTML = snapshot.html;
  container.dataset.painted = "snapshot";
  return true;
}

/** The app has rendered: the snapshot goes and the app shows (popup.css hides #root while a snapshot stands). */
export function retireSnapshot(container: HTMLElement | null): void {
  if (!container) return;
  container.dataset.retired = "true";
  container.replaceChildren();
}
