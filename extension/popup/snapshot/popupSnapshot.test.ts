import { describe, expect, it } from "vitest";
import { POPUP_SNAPSHOT_KEY, SNAPSHOT_MAX_AGE_MS, snapshotToPaint } from "./popupSnapshot";

const NOW = Date.parse("2026-12-01T10:00:00Z");
const ADDRESS = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const snapshot = { html: '<div class="popup">…</div>', address: ADDRESS, savedAt: NOW - 60_000 };
const session = { address: ADDRESS.toLowerCase(), token: "t" };

describe("snapshotToPaint", () => {
  it("paints a recent snapshot of the wallet still signed in", () => {
    expect(snapshotToPaint({ [POPUP_SNAPSHOT_KEY]: snapshot, "vigil:session": session }, NOW)).toEqual(
      snapshot,
    );
  });

  it("paints nothing for another wallet, when signed out, when old, or when the value is not a snapshot", () => {
    const other = { ...session, address: "0x90F79bf6EB2c4f870365E785982E1f101E93b906" };
    expect(snapshotToPaint({ [POPUP_SNAPSHOT_KEY]: snapshot, "vigil:session": other }, NOW)).toBeNull();
    expect(snapshotToPaint({ [POPUP_SNAPSHOT_KEY]: snapshot }, NOW)).toBeNull();
    const old = { ...snapshot, savedAt: NOW - SNAPSHOT_MAX_AGE_MS - 1 };
    expect(snapshotToPaint({ [POPUP_SNAPSHOT_KEY]: old, "vigil:session": session }, NOW)).toBeNull();
    for (const bad of [null, "html", { ...snapshot, html: 5 }, { ...snapshot, html: "x".repeat(200_001) }]) {
      expect(snapshotToPaint({ [POPUP_SNAPSHOT_KEY]: bad, "vigil:session": session }, NOW)).toBeNull();
    }
  });
});
