import { useEffect } from "react";
import type { DashboardView } from "../useDashboard";
import { captureSnapshotHtml, clearSnapshot, retireSnapshot, saveSnapshot } from "./popupSnapshot";

/** However the app's first answers go, the snapshot never stands in longer than this. */
const SNAPSHOT_MAX_STAND_IN_MS = 3_000;
/** The overview is captured once it has settled (lazy panels, the pill's colours). */
const CAPTURE_AFTER_MS = 400;

const snapshotElement = () => document.getElementById("snapshot");

/**
 * The popup's side of the first-paint snapshot (popupSnapshot.ts): retire it as soon as the app shows something of
 * its own (data, a sign-in screen, an error), keep the overview as shown for the next open, forget it when nobody
 * is signed in.
 */
export function usePopupSnapshot(view: DashboardView, tab: string): void {
  const ready = view.kind !== "loading" && !(view.kind === "signedIn" && !view.data && !view.error);
  useEffect(() => {
    if (ready) retireSnapshot(snapshotElement());
  }, [ready]);

  useEffect(() => {
    const timer = setTimeout(() => retireSnapshot(snapshotElement()), SNAPSHOT_MAX_STAND_IN_MS);
    return () => clearTimeout(timer);
  }, []);

  const signedOut = view.kind === "signedOut";
  useEffect(() => {
    if (signedOut) void clearSnapshot().catch(() => undefined);
  }, [signedOut]);

  const address = view.kind === "signedIn" ? view.session.address : null;
  const version = view.kind === "signedIn" && view.data?.portfolio ? view.data.fetchedAt : null;
  useEffect(() => {
    if (address === null || version === null || tab !== "overview") return;
    const timer = setTimeout(() => {
      const popup = document.querySelector('#root [data-testid="popup"]');
      if (!popup) return;
      void saveSnapshot({ html: captureSnapshotHtml(popup), address, savedAt: Date.now() }).catch(
        () => undefined,
      );
    }, CAPTURE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [address, version, tab]);
}
