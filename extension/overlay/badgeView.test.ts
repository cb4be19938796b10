import { describe, expect, it } from "vitest";
import type { OverlayStatus } from "../lib/messages";
import { badgeDetail, badgeLabel } from "./badgeView";

const WATCHED = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const OTHER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const status: OverlayStatus = {
  signedIn: true,
  account: WATCHED,
  portfolioKnown: true,
  healthFactor: 1.3,
  updatedAt: Date.now(),
  stale: false,
};

describe("the badge's words", () => {
  it("shows the watched wallet's health factor when the site is on it (any case) or has not said", () => {
    expect(badgeLabel(status, WATCHED.toLowerCase())).toBe("Vigil · HF 1.30");
    expect(badgeLabel(status, null)).toBe("Vigil · HF 1.30");
  });

  it("never shows a figure under the user's alert rounded up to it, as the popup and the alert say it", () => {
    const under = { ...status, healthFactor: 1.29996, alertThreshold: 1.3 };
    expect(badgeLabel(under)).toBe("Vigil · HF 1.2999");
    expect(badgeDetail(under)).toMatch(/^Health factor 1\.2999 \(/);
    // At or over the line, and with no line known, the usual two decimals.
    expect(badgeLabel({ ...under, healthFactor: 1.30004 })).toBe("Vigil · HF 1.30");
    expect(badgeLabel({ ...under, alertThreshold: undefined })).toBe("Vigil · HF 1.30");
  });

  it("never shows the watched wallet's health factor as the account a site is on", () => {
    expect(badgeLabel(status, OTHER)).toBe("Vigil · other account");
    expect(badgeDetail(status, OTHER)).toBe(
      "This site is on 0x90F7…b906; Vigil watches 0x3C44…93BC, the wallet you signed in with, so no health factor is shown for this one. Click to open Vigil.",
    );
    // Signed out, the site's account changes nothing.
    expect(badgeLabel({ ...status, signedIn: false, account: null }, OTHER)).toBe("Vigil · sign in");
  });

  it("says an old figure is not updating, so it never reads as current while Vigil cannot watch", () => {
    // The API stopped (or the chain's RPC failed) on the devnet: the badge kept "Vigil · HF 1.03" in red/amber.
    const old = { ...status, healthFactor: 1.03, updatedAt: Date.now() - 12 * 60_000, stale: true };
    expect(badgeLabel(old)).toBe("Vigil · HF 1.03 · not updating");
    expect(badgeDetail(old)).toBe(
      "Vigil cannot update your positions right now (its server or the chain is not answering). The last health factor it read was 1.03, 12 min ago: do not rely on it. Click to open Vigil.",
    );
    expect(badgeLabel({ ...old, healthFactor: 0.95 })).toBe("Vigil · liquidatable · not updating");
    expect(badgeLabel({ ...old, healthFactor: null })).toBe("Vigil · no debt · not updating");
  });
});
