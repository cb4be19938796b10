import { beforeEach, describe, expect, it } from "vitest";
import { browser } from "wxt/browser";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { PROPOSAL_IDS, proposal } from "../../background/proposal.fixture";
import { nextExpiry, pendingApprovalsItem, unexpiredProposals } from "./pendingApprovalsCache";

const NOW = Date.parse("2026-11-25T16:30:00.000Z");
const expired = proposal({ id: PROPOSAL_IDS.repay, expiresAt: "2026-11-25T16:29:59.000Z" });
const soon = proposal({ id: PROPOSAL_IDS.supply, expiresAt: "2026-11-25T16:45:00.000Z" });
const never = proposal({ id: PROPOSAL_IDS.rebalance, expiresAt: null });

describe("pending approvals cache", () => {
  beforeEach(() => fakeBrowser.reset());

  it("drops proposals whose expiry has passed and keeps those without one", () => {
    expect(unexpiredProposals([expired, soon, never], NOW)).toEqual([soon, never]);
    expect(unexpiredProposals([soon], Date.parse(soon.expiresAt ?? ""))).toEqual([]);
  });

  it("names the next expiry still ahead", () => {
    expect(nextExpiry([expired, soon, never], NOW)).toBe(Date.parse("2026-11-25T16:45:00.000Z"));
    expect(nextExpiry([expired, never], NOW)).toBeNull();
  });

  it("round-trips through storage and reads a value that no longer parses as empty", async () => {
    await pendingApprovalsItem.set({ transactions: [soon], fetchedAt: NOW });
    expect(await pendingApprovalsItem.get()).toEqual({ transactions: [soon], fetchedAt: NOW });
    await browser.storage.local.set({ [pendingApprovalsItem.key]: { transactions: [{ id: "x" }] } });
    expect(await pendingApprovalsItem.get()).toBeNull();
  });
});
