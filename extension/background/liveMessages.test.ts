import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { pendingApprovalsItem } from "../lib/storage/pendingApprovalsCache";
import { recentLiquidationsItem } from "../lib/storage/recentLiquidations";
import { formatClockTime } from "../ui/format";
import type { ApiClient } from "./apiClient";
import type { Dashboard } from "./dashboard";
import { createLiveMessageHandler } from "./liveMessages";
import type { Notifications } from "./notifications";
import { createPendingApprovals } from "./pendingApprovals";
import { PROPOSAL_IDS, proposal } from "./proposal.fixture";
import type { StoredServerMessage } from "./socket";

const NOW = Date.parse("2026-11-25T16:30:00.000Z");
const sentAt = "2026-11-25T16:30:00.000Z";

function setup(now = NOW, catchUpQuietMs = 20) {
  const shown: string[] = [];
  const bodies: string[] = [];
  const notifications: Notifications = {
    notify: async (_kind, title, message) => {
      shown.push(title);
      bodies.push(message);
      return true;
    },
    proposal: async (proposalId, title) => {
      shown.push(`proposal ${proposalId}: ${title}`);
      return true;
    },
    clearProposal: async (proposalId) => {
      shown.push(`cleared ${proposalId}`);
    },
    watchProblem: async (key, title) => {
      shown.push(`watch ${key}: ${title}`);
    },
    clearWatchProblem: async () => undefined,
  };
  const dashboard: Dashboard = {
    refresh: async () => undefined,
    clear: async () => undefined,
    applyPortfolio: async () => undefined,
    healthFactor: async () => ({ portfolioKnown: false, healthFactor: null, updatedAt: null, stale: false }),
  };
  const api: ApiClient = async () => {
    throw new Error("no request expected: the cache is already filled");
  };
  const pendingApprovals = createPendingApprovals({
    api,
    baseUrl: async () => "http://127.0.0.1:8787",
    now: () => NOW,
  });
  const handle = createLiveMessageHandler({
    dashboard,
    notifications,
    pendingApprovals,
    now: () => now,
    catchUpQuietMs,
  });
  return { handle, shown, bodies };
}

const txMessage = (
  type: "tx_proposal" | "tx_update",
  seq: number,
  transaction: ReturnType<typeof proposal>,
): StoredServerMessage => ({ type, seq, sentAt, payload: { transaction } });

describe("live proposals", () => {
  beforeEach(() => fakeBrowser.reset());

  it("reach the popup's pending list and the user's notifications", async () => {
    const { handle, shown } = setup();
    await pendingApprovalsItem.set({ transactions: [], fetchedAt: NOW });
    const supply = proposal({ id: PROPOSAL_IDS.supply, title: "Supply 1 WETH on Aave" });

    await handle(txMessage("tx_proposal", 1, supply));
    await handle(txMessage("tx_proposal", 2, supply));
    expect((await pendingApprovalsItem.get())?.transactions).toEqual([supply]);

    await handle(
      txMessage("tx_update", 3, { ...supply, status: "confirmed", updatedAt: "2026-11-25T16:31:00.000Z" }),
    );
    expect((await pendingApprovalsItem.get())?.transactions).toEqual([]);
    // The sticky card goes; the toast for "confirmed" is the server's own notification message, not a second one.
    expect(shown).toEqual([
      `proposal ${PROPOSAL_IDS.supply}: Supply 1 WETH on Aave`,
      `proposal ${PROPOSAL_IDS.supply}: Supply 1 WETH on Aave`,
      `cleared ${PROPOSAL_IDS.supply}`,
    ]);
  });

  it("tell once per change: a status change and the server's notification about it make one toast", async () => {
    const { handle, shown } = setup();
    await pendingApprovalsItem.set({ transactions: [], fetchedAt: NOW });
    const supply = proposal({ id: PROPOSAL_IDS.supply, title: "Supply 1 WETH on Aave" });
    await handle(txMessage("tx_proposal", 1, supply));
    // Expired: the server sends the update and a notification saying so.
    await handle(txMessage("tx_update", 2, { ...supply, status: "expired" }));
    await handle({
      type: "notification",
      seq: 3,
      sentAt,
      payload: {
        level: "info",
        title: "Proposal expired",
        message: "Supply 1 WETH on Aave: it was not approved in time.",
        transactionId: PROPOSAL_IDS.supply,
      },
    });
    expect(shown).toEqual([
      `proposal ${PROPOSAL_IDS.supply}: Supply 1 WETH on Aave`,
      `cleared ${PROPOSAL_IDS.supply}`,
      "Proposal expired",
    ]);
  });

  it("clear the sticky card when the proposal was approved elsewhere, and never show a replayed one that moved on", async () => {
    const { handle, shown } = setup();
    await pendingApprovalsItem.set({ transactions: [], fetchedAt: NOW });
    const supply = proposal({ id: PROPOSAL_IDS.supply, title: "Supply 1 WETH on Aave" });
    await handle(txMessage("tx_proposal", 1, supply));
    await handle(txMessage("tx_update", 2, { ...supply, status: "approved" }));
    await handle(txMessage("tx_proposal", 3, { ...supply, status: "rejected" }));
    expect(shown).toEqual([
      `proposal ${PROPOSAL_IDS.supply}: Supply 1 WETH on Aave`,
      `cleared ${PROPOSAL_IDS.supply}`,
      `cleared ${PROPOSAL_IDS.supply}`,
    ]);
  });
});

describe("live notices about Vigil's own watch", () => {
  beforeEach(() => fakeBrowser.reset());

  it("go to the watch's own cards (shown whatever the preferences), the recovery replacing the failure", async () => {
    const { handle, shown } = setup();
    const notice = (seq: number, title: string) =>
      handle({
        type: "notification",
        seq,
        sentAt,
        payload: {
          level: "error",
          title,
          message: "Details.",
          transactionId: null,
          watchProblem: "task:automation",
        },
      });
    await notice(1, "Your automation rules have stopped working");
    await notice(2, "Your automation rules work again");
    expect(shown).toEqual([
      "watch server:task:automation: Your automation rules have stopped working",
      "watch server:task:automation: Your automation rules work again",
    ]);
  });
});

describe("live risk alerts", () => {
  beforeEach(() => fakeBrowser.reset());

  const alert = (
    state: "raised" | "cleared",
    account?: `0x${string}`,
    severity: "warning" | "liquidatable" | "liquidated" = "warning",
    healthFactor = 1.2534,
  ): StoredServerMessage => ({
    type: "risk_alert",
    seq: 1,
    sentAt,
    payload: {
      state,
      severity,
      reason: "health_factor",
      healthFactor,
      threshold: 1.3,
      band: "medium",
      probability: 0.03,
      chainId: 31337,
      ...(account ? { account } : {}),
      message: "Your health factor 1.25 is below your alert threshold 1.30.",
    },
  });

  it("name the account, the health factor and the threshold", async () => {
    const { handle, shown } = setup();
    await handle(alert("raised", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"));
    await handle(alert("cleared", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"));
    await handle(alert("raised"));
    expect(shown).toEqual([
      "0x3C44…93BC: Health factor 1.25, below your 1.30 alert",
      "0x3C44…93BC: Health factor 1.25, back above your 1.30 alert",
      "Health factor 1.25, below your 1.30 alert",
    ]);
  });

  it("never say a health factor equals the alert it is below (1.2999 is not “1.30, below your 1.30 alert”)", async () => {
    const { handle, shown } = setup();
    await handle(alert("raised", undefined, "warning", 1.29997));
    expect(shown).toEqual(["Health factor 1.2999, below your 1.30 alert"]);
  });

  it("a quiet step down (liquidatable → under the threshold) is not told: only worse steps are", async () => {
    const { handle, shown } = setup();
    await handle(alert("raised", undefined, "liquidatable", 0.95));
    const stepDown = alert("raised", undefined, "warning", 1.12);
    if (stepDown.type !== "risk_alert") throw new Error("fixture");
    await handle({ ...stepDown, payload: { ...stepDown.payload, quiet: true } });
    expect(shown).toEqual(["Liquidatable: health factor below 1"]);
  });

  it("title a risk-band alert by the band and its probability, not by the health factor", async () => {
    const { handle, shown } = setup();
    const band = (state: "raised" | "cleared", level: "low" | "high"): StoredServerMessage => {
      const base = alert(state, "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
      if (base.type !== "risk_alert") throw new Error("fixture");
      return { ...base, payload: { ...base.payload, reason: "risk_band", band: level, probability: 0.34 } };
    };
    await handle(band("raised", "high"));
    await handle(band("cleared", "low"));
    expect(shown).toEqual([
      "0x3C44…93BC: Liquidation risk high (34 % in 24 h)",
      "0x3C44…93BC: Liquidation risk back to low",
    ]);
  });

  it("escalate in words: liquidatable (never 1.00 for 0.995), liquidated; each says when it happened", async () => {
    const { handle, shown, bodies } = setup();
    await handle(alert("raised", undefined, "warning", 0.995));
    await handle(alert("raised", undefined, "liquidatable", 0.995));
    await handle(alert("raised", undefined, "liquidated", 1.03));
    expect(shown).toEqual([
      "Liquidatable: health factor below 1",
      "Liquidatable: health factor below 1",
      "Liquidated on Aave",
    ]);
    const at = new Date(sentAt);
    const clock = `${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
    for (const body of bodies) expect(body.endsWith(`(${clock})`)).toBe(true);
    expect(shown.join(" ")).not.toContain("1.00");
  });
});

describe("a backlog replayed when the browser comes back", () => {
  beforeEach(() => fakeBrowser.reset());
  const ACCOUNT = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
  // The browser was closed at 13:00 and opens at 16:30; these were stored in between.
  const riskAt = (
    seq: number,
    at: string,
    state: "raised" | "cleared",
    severity: "warning" | "liquidatable" | "liquidated",
    healthFactor: number,
    reason: "health_factor" | "risk_band" = "health_factor",
  ): StoredServerMessage => ({
    type: "risk_alert",
    seq,
    sentAt: at,
    payload: {
      state,
      severity,
      reason,
      healthFactor,
      threshold: 1.3,
      band: null,
      probability: null,
      chainId: 31337,
      account: ACCOUNT,
      message: `Health factor ${healthFactor}.`,
    },
  });
  const quiet = () => new Promise((resolve) => setTimeout(resolve, 60));

  it("states that have passed are not replayed: below → liquidatable → recovered shows nothing", async () => {
    const { handle, shown } = setup();
    await handle(riskAt(1, "2026-11-25T13:10:00.000Z", "raised", "warning", 1.2));
    await handle(riskAt(2, "2026-11-25T13:20:00.000Z", "raised", "liquidatable", 0.95));
    await handle(riskAt(3, "2026-11-25T14:00:00.000Z", "cleared", "warning", 1.5));
    await quiet();
    expect(shown).toEqual([]);
  });

  it("shows the current state once, with its time: the latest raised alert only", async () => {
    const { handle, shown, bodies } = setup();
    await handle(riskAt(1, "2026-11-25T13:10:00.000Z", "raised", "warning", 1.2));
    await handle(riskAt(2, "2026-11-25T13:20:00.000Z", "raised", "liquidatable", 0.95));
    expect(shown).toEqual([]);
    await quiet();
    expect(shown).toEqual(["0x3C44…93BC: Liquidatable: health factor below 1"]);
    const clock = formatClockTime(Date.parse("2026-11-25T13:20:00.000Z"));
    expect(bodies).toEqual([`Health factor 0.95. (${clock})`]);
  });

  it("a quiet step down while away is the current state: under the threshold, not liquidatable", async () => {
    const { handle, shown } = setup();
    await handle(riskAt(1, "2026-11-25T13:20:00.000Z", "raised", "liquidatable", 0.95));
    const stepDown = riskAt(2, "2026-11-25T13:40:00.000Z", "raised", "warning", 1.12);
    if (stepDown.type !== "risk_alert") throw new Error("fixture");
    await handle({ ...stepDown, payload: { ...stepDown.payload, quiet: true } });
    await quiet();
    expect(shown).toEqual(["0x3C44…93BC: Health factor 1.12, below your 1.30 alert"]);
  });

  it("a liquidation while away is told once even if the position recovered since", async () => {
    const { handle, shown } = setup();
    await handle(riskAt(1, "2026-11-25T13:20:00.000Z", "raised", "liquidatable", 0.95));
    await handle(riskAt(2, "2026-11-25T13:21:00.000Z", "raised", "liquidated", 1.03));
    await handle(riskAt(3, "2026-11-25T13:30:00.000Z", "cleared", "warning", 1.5));
    await quiet();
    expect(shown).toEqual(["0x3C44…93BC: Liquidated on Aave"]);
  });

  it("an episode raised on the risk band, escalated on the health factor and cleared is over: nothing shown", async () => {
    const { handle, shown } = setup();
    await handle(riskAt(1, "2026-11-25T13:10:00.000Z", "raised", "warning", 1.4, "risk_band"));
    await handle(riskAt(2, "2026-11-25T13:20:00.000Z", "raised", "liquidatable", 0.98));
    await handle(riskAt(3, "2026-11-25T13:30:00.000Z", "cleared", "liquidatable", 1.6));
    await quiet();
    expect(shown).toEqual([]);
  });

  it("a liquidation weeks old (a new browser, a sign-in again) is history, not a notification; a day-old one says its date", async () => {
    const weeksAgo = setup();
    await weeksAgo.handle(riskAt(1, "2026-11-04T13:21:00.000Z", "raised", "liquidated", 1.05));
    await weeksAgo.handle(riskAt(2, "2026-11-04T14:00:00.000Z", "cleared", "liquidated", 1.6));
    await quiet();
    expect(weeksAgo.shown).toEqual([]);
    const yesterday = setup();
    await yesterday.handle(riskAt(1, "2026-11-24T23:50:00.000Z", "raised", "liquidated", 1.05));
    await quiet();
    expect(yesterday.shown).toEqual(["0x3C44…93BC: Liquidated on Aave"]);
    expect(yesterday.bodies[0]).toMatch(/\(Nov 2[45], \d\d:\d\d\)$/);
  });

  it("a backlog held when the service worker stops is shown once, on its next start", async () => {
    // Stopped (MV3) before its summary showed: the replayed alert is marked handled, so it will not come again.
    const stopped = setup(NOW, 3_600_000);
    await stopped.handle(riskAt(1, "2026-11-25T13:20:00.000Z", "raised", "liquidatable", 0.95));
    const restarted = setup();
    await quiet();
    expect(stopped.shown).toEqual([]);
    expect(restarted.shown).toEqual(["0x3C44…93BC: Liquidatable: health factor below 1"]);
    const startedAgain = setup();
    await quiet();
    expect(startedAgain.shown).toEqual([]);
  });

  it("a fresh alert arriving after the backlog wins over it; a fresh one is shown at once", async () => {
    const { handle, shown } = setup();
    await handle(riskAt(1, "2026-11-25T13:20:00.000Z", "raised", "warning", 1.2));
    await handle(riskAt(2, sentAt, "cleared", "warning", 1.4));
    expect(shown).toEqual(["0x3C44…93BC: Health factor 1.40, back above your 1.30 alert"]);
    await quiet();
    expect(shown).toHaveLength(1);
  });

  it("old general notifications collapse to the latest one, with its time", async () => {
    const { handle, shown, bodies } = setup();
    for (const [seq, title] of [
      [1, "Proposal expired"],
      [2, "Rule switched off"],
    ] as const)
      await handle({
        type: "notification",
        seq,
        sentAt: `2026-11-25T13:0${seq}:00.000Z`,
        payload: { level: "info", title, message: "Details.", transactionId: null },
      });
    await quiet();
    expect(shown).toEqual(["Rule switched off"]);
    expect(bodies).toEqual([`Details. (${formatClockTime(Date.parse("2026-11-25T13:02:00.000Z"))})`]);
  });
});

describe("liquidations kept for the popup", () => {
  beforeEach(() => fakeBrowser.reset());

  const ACCOUNT = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
  const liquidation = {
    txHash: `0x${"ab".repeat(32)}`,
    logIndex: 3,
    blockNumber: "1234",
    at: Date.parse("2025-01-01T00:03:00.000Z"), // the devnet's clock
    collateralSeized: { symbol: "WETH", asset: ACCOUNT, amount: "4.5592", usd: 11_161.5 },
    debtRepaid: { symbol: "DAI", asset: ACCOUNT, amount: "10630.0011", usd: 10_630 },
    bonusUsd: 531.5,
    liquidator: ACCOUNT,
  };
  const liquidated = (seq: number, at = sentAt): StoredServerMessage => ({
    type: "risk_alert",
    seq,
    sentAt: at,
    payload: {
      state: "raised",
      severity: "liquidated",
      liquidation,
      observedAt: Date.parse(at),
      reason: "health_factor",
      healthFactor: 1.03,
      threshold: 1.3,
      band: null,
      probability: null,
      chainId: 31337,
      account: ACCOUNT,
      message: "Liquidated: 4.5592 WETH was seized.",
    },
  });
  const undone = (seq: number): StoredServerMessage => ({
    type: "notification",
    seq,
    sentAt,
    payload: {
      level: "warning",
      title: "Liquidation undone by a chain reorganisation",
      message: "The liquidation … is no longer on the chain.",
      transactionId: null,
      liquidationUndone: { chainId: 31337, txHash: liquidation.txHash, logIndex: 3 },
    },
  });

  it("keeps a liquidation told live or replayed, once, and unsays it when the chain undoes it", async () => {
    const { handle } = setup();
    await handle(liquidated(1));
    // The same alert replayed after the browser was away (a backlog): still one entry.
    await handle(liquidated(1, "2026-11-25T16:00:00.000Z"));
    const kept = await recentLiquidationsItem.get();
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ account: ACCOUNT, chainId: 31337, seenAt: NOW, dismissed: false });
    expect(kept[0]?.liquidation.txHash).toBe(liquidation.txHash);

    await handle(undone(2));
    expect(await recentLiquidationsItem.get()).toEqual([]);
  });
});
