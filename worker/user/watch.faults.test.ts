import { sql } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Fault } from "../../devnet/faultProxy/rules";
import type { RuleCreateInput } from "../../shared/schemas/rules";
import { transactionListQuerySchema } from "../../shared/schemas/transactions";
import { NEAR_LIQUIDATION, onChainHealthFactor, repayNow, send } from "../test/automation";
import { chain, revertChainAfterEachTest } from "../test/devnet";
import { anvilAccount } from "../test/helpers";
import { faults, pathFor, type SimulatedWatch, withSimulatedWatch } from "../test/simulatedWatch";
import { AUTOMATION_INTERVAL_MS } from "./capabilities/automation/automationInterval";
import { RECEIPT_TIMEOUT_MS } from "./capabilities/automation/receipts";
import { MONITORING_INTERVAL_MS } from "./capabilities/monitoring";
import { watchStatusOf } from "./watchStatus";

// The watch under injected RPC faults, on the real stack: a user's capabilities composed as in production over a
// real Durable Object's SQLite, reading the real devnet through the fault proxy. Time is simulated (the test fires
// the object's alarm and moves its clock), the faults are real. Each scenario measures one row of the watch's fault
// table (false alerts, duplicate or lost proposals, time to recover); the table is printed at the end.

const USER = anvilAccount(NEAR_LIQUIDATION).address; // HF ≈ 1.05, 13,160 USDC debt (and the same in its wallet)

interface Row {
  fault: string;
  duration: string;
  falseAlerts: number;
  duplicateProposals: number;
  lostProposals: number;
  timeToRecover: string;
}
const table: Row[] = [];

afterEach(async () => {
  await faults.clear();
});
revertChainAfterEachTest();

afterAll(() => {
  const header =
    "| fault | duration | false alerts | duplicate proposals | lost proposals | time to recover |";
  const lines = table.map(
    (r) =>
      `| ${r.fault} | ${r.duration} | ${r.falseAlerts} | ${r.duplicateProposals} | ${r.lostProposals} | ${r.timeToRecover} |`,
  );
  console.log(["", header, "| --- | --- | --- | --- | --- | --- |", ...lines].join("\n"));
});

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** The rule fires and its one proposal is approved, as the user would on the approval page. */
async function approvedProposal(watch: SimulatedWatch) {
  await watch.fire();
  const [proposal] = watch.parts.transactions.withStatus(["pending"]);
  if (!proposal) throw new Error("no proposal");
  expect((await watch.parts.automation.approve(proposal.id)).ok).toBe(true);
  return proposal;
}

/** Each step sent from the user's wallet, in order (`gasOf` may give a step other gas than the proposal's). */
async function sendSteps(
  steps: ReadonlyArray<{ to: `0x${string}`; data: `0x${string}`; gas?: string }>,
  gasOf: (index: number, gas: string | undefined) => string | undefined = (_i, gas) => gas,
): Promise<`0x${string}`[]> {
  const hashes: `0x${string}`[] = [];
  for (const [i, step] of steps.entries())
    hashes.push(await send(NEAR_LIQUIDATION, step.to, step.data, gasOf(i, step.gas)));
  return hashes;
}

/** Waits until the proxy has applied a fault of this kind (the tick is stuck in its read). */
async function untilFaultHit(kind: Fault["kind"]): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (((await faults.stats()).faults[kind] ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no ${kind} fault was hit`);
}

/** Raised risk alerts. */
const raised = (watch: SimulatedWatch) =>
  watch.messages("risk_alert").filter((m) => m.payload.state === "raised");

/**
 * The shared scenario: the user was watched with a healthy RPC (positions known, no alert: threshold 1.01), then the
 * RPC breaks; during the fault the user tightens the threshold to 1.3 and enables a protective rule (repay when
 * HF < 1.2). While the fault lasts nothing may be alerted or proposed (there is no data); after it heals, the first
 * ticks catch up: one alert, exactly one proposal.
 */
async function outageScenario(params: {
  label: string;
  fault: Fault;
  /** Simulated duration of the fault. */
  durationMs: number;
  timeoutMs: number;
  /** More checks, run inside the object at the end (the watch cannot leave it). */
  verify: (watch: SimulatedWatch, duringFault: { alerts: number; proposals: number; fires: number }) => void;
}): Promise<void> {
  const path = pathFor(params.label);
  const rule: RuleCreateInput = { ...repayNow, enabled: false };
  return withSimulatedWatch(
    `watch-faults-${path}`,
    { chains: [{ chainId: 31337, path }], timeoutMs: params.timeoutMs, address: USER, rules: [rule] },
    async (watch) => {
      const { parts } = watch;
      parts.settings.put({ alertThreshold: 1.01 });
      // The user opened the popup once (GET /portfolios): positions with debt are known, monitoring is on.
      expect((await parts.portfolio.get(USER)).ok).toBe(true);
      await parts.scheduler.reschedule();
      await watch.fire();
      expect(parts.portfolio.chainStatuses()).toMatchObject([{ chainId: 31337, status: "ok" }]);
      expect(raised(watch)).toHaveLength(0);
      expect(parts.monitoring.isActive()).toBe(true); // debt is known: watched without a socket

      await faults.set([{ method: "*", path: `/${path}`, fault: params.fault }]);
      parts.settings.put({ alertThreshold: 1.3 });
      const [stored] = parts.rules.list();
      parts.rules.setEnabled(stored!.id, true);
      await parts.scheduler.reschedule();
      const faultStart = watch.now();
      const fires = await watch.runFor(params.durationMs);
      const duringFault = { alerts: raised(watch).length, proposals: watch.proposalCount(), fires };

      // The watch says so: unavailable since the fault began, retried soon, with its last good data's age.
      const status = watchStatus(watch);
      expect(status.chains).toHaveLength(1);
      expect(status.chains[0]).toMatchObject({ chainId: 31337, status: "unavailable" });
      expect(Date.parse(status.chains[0]!.since)).toBeGreaterThanOrEqual(faultStart);
      expect(Date.parse(status.chains[0]!.dataAsOf!)).toBeLessThanOrEqual(faultStart);
      expect(Date.parse(status.chains[0]!.retryAt!)).toBeGreaterThan(Date.parse(status.chains[0]!.since));
      // The last completed check is from before the fault: the heartbeat stops with the data.
      expect(Date.parse(status.lastCheckAt!)).toBeLessThanOrEqual(faultStart);

      await faults.clear();
      const healedAt = watch.now();
      let recoveredAt: number | null = null;
      // Fire until the alert and the proposal are there (bounded: two automation periods).
      while (watch.now() - healedAt <= 2 * AUTOMATION_INTERVAL_MS) {
        await watch.fire();
        if (raised(watch).length > 0 && watch.proposalCount() > 0) {
          recoveredAt = watch.now();
          break;
        }
      }
      // Then more ticks: nothing else may be proposed or alerted.
      await watch.runFor(3 * AUTOMATION_INTERVAL_MS);
      const proposals = watch.proposalCount();
      table.push({
        fault: params.label,
        duration: seconds(params.durationMs),
        falseAlerts: duringFault.alerts + Math.max(0, raised(watch).length - 1),
        duplicateProposals: Math.max(0, proposals - 1),
        lostProposals: Math.max(0, 1 - proposals),
        timeToRecover: recoveredAt === null ? "never" : seconds(recoveredAt - healedAt),
      });
      expect(recoveredAt).not.toBeNull();
      expect(watchStatus(watch).chains[0]).toMatchObject({ chainId: 31337, status: "ok" });
      params.verify(watch, duringFault);
    },
  );
}

/** The user's watch status as `GET /me` builds it, at the simulated time. */
function watchStatus(
  watch: SimulatedWatch,
  session: Parameters<typeof watchStatusOf>[0]["session"] = { active: true },
) {
  const { parts } = watch;
  return watchStatusOf({
    lastCheckAt: parts.monitoring.lastCheckAt(),
    nextCheckAt: watch.alarm(),
    intervalMs: MONITORING_INTERVAL_MS,
    chains: parts.portfolio.chainStatuses(),
    session,
    now: watch.now(),
  });
}

describe("the watch under RPC faults (simulated time, real faults)", () => {
  it("RPC down for 2 minutes: no alert and no proposal on missing data, then exactly one of each", async () => {
    await outageScenario({
      label: "down",
      fault: { kind: "drop", mode: "reset" },
      durationMs: 120_000,
      timeoutMs: 500,
      verify: (watch, duringFault) => {
        expect(duringFault).toEqual({ alerts: 0, proposals: 0, fires: expect.any(Number) });
        // Two minutes of 10 s checks: the alarm kept firing through the fault (≥ 12 times), never piling up.
        expect(duringFault.fires).toBeGreaterThanOrEqual(12);
        expect(duringFault.fires).toBeLessThanOrEqual(13);
        expect(raised(watch)).toHaveLength(1);
        expect(raised(watch)[0]!.payload).toMatchObject({ chainId: 31337, reason: "health_factor" });
        expect(watch.proposalCount()).toBe(1);
        expect(watch.messages("tx_proposal")).toHaveLength(1);
      },
    });
  }, 180_000);

  it("malformed answers: the same guarantees", async () => {
    await outageScenario({
      label: "malformed JSON",
      fault: { kind: "malformedJson" },
      durationMs: 60_000,
      timeoutMs: 500,
      verify: (watch, duringFault) => {
        expect(duringFault).toMatchObject({ alerts: 0, proposals: 0 });
        expect(raised(watch)).toHaveLength(1);
        expect(watch.proposalCount()).toBe(1);
      },
    });
  }, 180_000);

  it("slow RPC (+8 s a call): the same guarantees; checks never overlap or pile up", async () => {
    await outageScenario({
      label: "slow (+8 s)",
      fault: { kind: "delay", ms: 8_000 },
      durationMs: 40_000,
      timeoutMs: 300,
      verify: (watch, duringFault) => {
        expect(duringFault).toMatchObject({ alerts: 0, proposals: 0 });
        // 40 s of 10 s checks: one fire per period however long each took (no backlog of missed ticks).
        expect(duringFault.fires).toBeGreaterThanOrEqual(4);
        expect(duringFault.fires).toBeLessThanOrEqual(5);
        // Market reads never overlapped: every tick's reads were done before the next began.
        expect(watch.reads.maxInFlight).toBe(1);
        expect(raised(watch)).toHaveLength(1);
        expect(watch.proposalCount()).toBe(1);
      },
    });
  }, 180_000);

  it("price pushes during a slow check coalesce into one more check, not one each", async () => {
    const path = pathFor("coalesce");
    await withSimulatedWatch(
      `watch-faults-${path}`,
      { chains: [{ chainId: 31337, path }], timeoutMs: 300, address: USER },
      async (watch) => {
        expect((await watch.parts.portfolio.get(USER)).ok).toBe(true);
        await faults.set([{ method: "*", path: `/${path}`, fault: { kind: "delay", ms: 8_000 } }]);
        const before = watch.reads.started;
        // Five blocks' pushes arrive while the first check waits on the slow RPC.
        await Promise.all(Array.from({ length: 5 }, () => watch.parts.monitoring.check()));
        const reads = watch.reads.started - before;
        table.push({
          fault: "slow + 5 price pushes",
          duration: "one check",
          falseAlerts: 0,
          duplicateProposals: 0,
          lostProposals: 0,
          timeToRecover: `${reads} reads for 5 pushes`,
        });
        expect(reads).toBe(2);
        expect(watch.reads.maxInFlight).toBe(1);
      },
    );
  }, 60_000);
});

describe("two chains configured, one dead", () => {
  it("the other chain's portfolio, alert and rule work; the dead one says unavailable; all dead → a failure", async () => {
    const live = pathFor("live");
    const dead = pathFor("dead");
    const repayOnDead: RuleCreateInput = {
      ...repayNow,
      name: "Repay on OP",
      action: { type: "repay", chainId: 10, asset: "USDC", targetHealthFactor: 1.3 },
    };
    await faults.set([{ method: "*", path: `/${dead}`, fault: { kind: "drop", mode: "reset" } }]);
    await withSimulatedWatch(
      `watch-faults-${live}`,
      {
        chains: [
          { chainId: 31337, path: live },
          { chainId: 10, path: dead },
        ],
        timeoutMs: 300,
        address: USER,
        rules: [repayNow, repayOnDead],
      },
      async (watch) => {
        const { parts } = watch;
        const read = await parts.portfolio.get(USER);
        if (!read.ok) throw new Error(read.failure.message);
        expect(read.value.aave.map((a) => a.chainId)).toEqual([31337]);
        expect(read.value.healthFactor).toBeGreaterThan(1);
        expect(read.value.healthFactor).toBeLessThan(1.1);
        expect(read.value.chains).toMatchObject([
          { chainId: 31337, status: "ok" },
          { chainId: 10, status: "unavailable", dataAsOf: null },
        ]);
        expect(read.value.stale).toEqual([]); // nothing was ever read on chain 10

        const started = watch.now();
        await watch.fire();
        const alerts = raised(watch);
        expect(alerts).toHaveLength(1);
        expect(alerts[0]!.payload.chainId).toBe(31337);
        const proposals = parts.transactions.list(transactionListQuerySchema.parse({}));
        expect(proposals.map((t) => t.chainId)).toEqual([31337]);
        const [onLive, onDead] = parts.rules.list();
        expect(onLive!.lastExecutedAt).not.toBeNull();
        expect(parts.rules.get(onDead!.id)).toMatchObject({
          lastExecutedAt: null,
          lastError: "chain 10 is unavailable: the rule waits for it",
        });
        table.push({
          fault: "2 chains, one dead",
          duration: "whole test",
          falseAlerts: 0,
          duplicateProposals: Math.max(0, watch.proposalCount() - 1),
          lostProposals: Math.max(0, 1 - watch.proposalCount()),
          timeToRecover: `live chain served at once (${seconds(watch.now() - started)})`,
        });

        // Both chains fail (one dead, one answering garbage): the read fails as a whole, as unavailable (the route's
        // 503 with Retry-After), nothing stale is served as fresh, and the alert stays as it was.
        await faults.set([
          { method: "*", path: `/${dead}`, fault: { kind: "drop", mode: "reset" } },
          { method: "*", path: `/${live}`, fault: { kind: "malformedJson" } },
        ]);
        const none = await parts.portfolio.get(USER);
        expect(none.ok).toBe(false);
        if (!none.ok) {
          expect(none.failure.kind).toBe("unavailable");
          expect(none.failure.retryAfterSeconds).toBeGreaterThan(0);
        }
        const statuses = parts.portfolio.chainStatuses();
        expect(statuses.map((s) => s.status)).toEqual(["unavailable", "unavailable"]);
        const stale = parts.portfolio.chainReads.stale(31337);
        expect(stale?.aave?.healthFactor).toBe(read.value.aave[0]!.healthFactor);
        expect(parts.monitoring.openAlert()).toMatchObject({ chainId: 31337 });
      },
    );
  }, 120_000);
});

describe("eviction and retried alarms", () => {
  it("an object evicted mid-tick and its retried alarm: one proposal, no lost rule, each outbox seq once", async () => {
    const path = pathFor("evict");
    await withSimulatedWatch(
      `watch-faults-${path}`,
      { chains: [{ chainId: 31337, path }], timeoutMs: 300, address: USER, rules: [repayNow] },
      async (first, compose) => {
        // The first instance's tick hangs on the RPC (it would be evicted here) ...
        await faults.set([{ method: "*", path: `/${path}`, fault: { kind: "drop", mode: "hang" } }]);
        const stuck = first.fire();
        await untilFaultHit("drop");
        // ... the object comes back (new memory, same storage), the RPC heals and the retried alarm runs.
        const second = compose();
        await faults.clear();
        const healedAt = second.now();
        await second.fire();
        const recoveredIn = second.now() - healedAt;
        // The zombie tick of the first instance finishes late (its retries now reach a healthy RPC).
        await stuck;
        // The platform retries an alarm whose run was not recorded: same time, records gone.
        second.parts.db.run(sql`DELETE FROM scheduled_tasks`);
        await second.parts.scheduler.onAlarm();

        const proposals = second.proposalCount();
        const messages = second.parts.outbox.since(0).entries;
        const seqs = messages.map((m) => m.seq);
        table.push({
          fault: "evicted mid-tick + retried alarm",
          duration: "one tick",
          falseAlerts: Math.max(0, raised(second).length - 1),
          duplicateProposals: Math.max(0, proposals - 1),
          lostProposals: Math.max(0, 1 - proposals),
          timeToRecover: seconds(recoveredIn),
        });
        expect(proposals).toBe(1);
        expect(second.messages("tx_proposal")).toHaveLength(1);
        expect(raised(second)).toHaveLength(1);
        expect(new Set(seqs).size).toBe(seqs.length);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        const [rule] = second.parts.rules.list();
        expect(rule).toMatchObject({ enabled: true });
        expect(rule!.lastExecutedAt).not.toBeNull();
      },
    );
  }, 120_000);
});

describe("no valid session", () => {
  it("nothing is proposed and the watch says not_watched", async () => {
    const path = pathFor("nosession");
    await withSimulatedWatch(
      `watch-faults-${path}`,
      {
        chains: [{ chainId: 31337, path }],
        timeoutMs: 500,
        address: USER,
        rules: [repayNow],
        signedIn: false,
      },
      async (watch) => {
        await watch.runFor(2 * AUTOMATION_INTERVAL_MS);
        expect(watch.proposalCount()).toBe(0);
        const [rule] = watch.parts.rules.list();
        expect(rule!.lastError).toBe("not watching: nobody is signed in to approve a proposal");
        const status = watchStatus(watch, { active: false, endedAt: watch.parts.sessions.lastEndedAt() });
        expect(status.chains).toMatchObject([{ chainId: 31337, status: "not_watched" }]);
        expect(status.nextCheckAt).toBeNull();
        // Signing in again resumes: the next tick proposes.
        watch.parts.sessions.record("back", watch.now() + 3_600_000);
        await watch.runFor(AUTOMATION_INTERVAL_MS);
        expect(watch.proposalCount()).toBe(1);
      },
    );
  }, 120_000);
});

describe("a chain reorganisation", () => {
  it("removes a confirmed repay: the proposal goes back to watching and ends in the true state", async () => {
    const path = pathFor("reorg");
    await withSimulatedWatch(
      `watch-faults-${path}`,
      { chains: [{ chainId: 31337, path }], timeoutMs: 2_000, address: USER, rules: [repayNow] },
      async (watch) => {
        const { parts } = watch;
        const proposal = await approvedProposal(watch);
        const hfBefore = await onChainHealthFactor(USER);
        const hashes = await sendSteps(proposal.steps);
        expect(await onChainHealthFactor(USER)).toBeGreaterThan(1.25);
        expect((await parts.automation.submitted(proposal.id, hashes, USER)).ok).toBe(true);
        await watch.runFor(AUTOMATION_INTERVAL_MS);
        expect(parts.transactions.get(proposal.id)?.status).toBe("confirmed");

        // The blocks holding the approve and the repay are replaced by empty ones: the repay never happened.
        await faults.reorg({ depth: hashes.length, mode: "reorg" });
        expect(await onChainHealthFactor(USER)).toBeCloseTo(hfBefore, 6);
        const reorgAt = watch.now();
        await watch.runFor(AUTOMATION_INTERVAL_MS);
        expect(parts.transactions.get(proposal.id)?.status).toBe("submitted");
        const undone = watch
          .messages("notification")
          .filter((m) => m.payload.title === "Transaction undone by a chain reorganisation");
        expect(undone.map((m) => m.payload.transactionId)).toEqual([proposal.id]);
        const backToWatching = watch.now() - reorgAt;

        // Nothing brings the transactions back: after the receipt timeout the proposal ends failed, and since the
        // position still needs the repay, the rule proposes once more (one new proposal, not more).
        watch.advance(RECEIPT_TIMEOUT_MS);
        await watch.fire();
        await watch.runFor(2 * AUTOMATION_INTERVAL_MS);
        const ended = parts.transactions.get(proposal.id);
        expect(ended).toMatchObject({ status: "failed", error: "not mined within an hour" });
        const pending = parts.transactions.withStatus(["pending"]);
        expect(pending).toHaveLength(1);
        expect(pending[0]!.id).not.toBe(proposal.id);
        const read = await parts.portfolio.get(USER);
        if (!read.ok) throw new Error(read.failure.message);
        expect(read.value.healthFactor).toBeCloseTo(hfBefore, 3);
        table.push({
          fault: "reorg removing a confirmed repay",
          duration: `${hashes.length} blocks`,
          falseAlerts: 0,
          duplicateProposals: Math.max(0, pending.length - 1),
          lostProposals: Math.max(0, 1 - pending.length),
          timeToRecover: `back to watching in ${seconds(backToWatching)}`,
        });
      },
    );
  }, 120_000);
});

describe("a node that has the receipts but not the transactions", () => {
  it("confirms nothing it cannot match: hashes of other calls stay submitted, then fail once the node knows them", async () => {
    const path = pathFor("receipt-without-tx");
    await withSimulatedWatch(
      `watch-faults-${path}`,
      { chains: [{ chainId: 31337, path }], timeoutMs: 2_000, address: USER, rules: [repayNow] },
      async (watch) => {
        const { parts } = watch;
        const proposal = await approvedProposal(watch);
        const hfBefore = await onChainHealthFactor(USER);
        // Mined, successful, from the user, but not the steps: calls to the user's own address.
        const hashes: `0x${string}`[] = [];
        for (const _step of proposal.steps) hashes.push(await send(NEAR_LIQUIDATION, USER, "0x"));
        // A load-balanced node behind on the transaction index: the receipts are there, the transactions are not.
        await faults.set([
          {
            method: "eth_getTransactionByHash",
            path: `/${path}`,
            fault: { kind: "garbageResult", result: null },
          },
        ]);
        expect((await parts.automation.submitted(proposal.id, hashes, USER)).ok).toBe(true);
        await watch.runFor(2 * AUTOMATION_INTERVAL_MS);
        expect(parts.transactions.get(proposal.id)?.status).toBe("submitted");
        const success = () =>
          watch
            .messages("notification")
            .filter((m) => m.payload.transactionId === proposal.id && m.payload.level === "success");
        expect(success()).toEqual([]);
        expect(await onChainHealthFactor(USER)).toBeCloseTo(hfBefore, 6);

        // The node catches up: the transactions are matched, and they are not the steps.
        await faults.clear();
        await watch.runFor(AUTOMATION_INTERVAL_MS);
        expect(parts.transactions.get(proposal.id)).toMatchObject({ status: "failed" });
        expect(parts.transactions.get(proposal.id)?.error).toMatch(/not this proposal's steps/);
        expect(success()).toEqual([]);
      },
    );
  }, 120_000);
});

describe("a chain reorganisation that re-mines a confirmed step, reverted", () => {
  it("the proposal leaves confirmed: back to watching, then failed naming the step; no second success", async () => {
    const path = pathFor("reorg-reverted");
    await withSimulatedWatch(
      `watch-faults-${path}`,
      { chains: [{ chainId: 31337, path }], timeoutMs: 2_000, address: USER, rules: [repayNow] },
      async (watch) => {
        const { parts } = watch;
        const proposal = await approvedProposal(watch);
        const hashes = await sendSteps(proposal.steps);
        expect((await parts.automation.submitted(proposal.id, hashes, USER)).ok).toBe(true);
        await watch.runFor(AUTOMATION_INTERVAL_MS);
        expect(parts.transactions.get(proposal.id)?.status).toBe("confirmed");

        // The node now has the last step in another block, where it reverted (the state under it changed).
        const last = hashes.length - 1;
        const receipt = (await chain.request({
          method: "eth_getTransactionReceipt",
          params: [hashes[last]!],
        })) as Record<string, unknown>;
        await faults.set([
          {
            method: "eth_getTransactionReceipt",
            path: `/${path}`,
            firstParam: hashes[last]!,
            fault: {
              kind: "garbageResult",
              result: { ...receipt, status: "0x0", logs: [], blockHash: `0x${"ee".repeat(32)}` },
            },
          },
        ]);
        await watch.runFor(AUTOMATION_INTERVAL_MS);
        const reason = `step ${last + 1} reverted on-chain (${hashes[last]})`;
        expect(parts.transactions.get(proposal.id)).toMatchObject({ status: "failed", error: reason });
        const titles = watch
          .messages("notification")
          .filter((m) => m.payload.transactionId === proposal.id)
          .map((m) => m.payload.title);
        expect(titles.filter((t) => t === "Transaction undone by a chain reorganisation")).toHaveLength(1);
        expect(titles).toContain(`Transaction failed: ${reason}`);
        expect(
          watch
            .messages("notification")
            .filter((m) => m.payload.transactionId === proposal.id && m.payload.level === "success"),
        ).toHaveLength(1);
      },
    );
  }, 120_000);
});

describe("a node answering receipts with a status that is neither success nor revert", () => {
  it("confirms nothing on it: the proposal stays submitted until the node answers properly, then ends as the chain says", async () => {
    const path = pathFor("receipt-odd-status");
    await withSimulatedWatch(
      `watch-faults-${path}`,
      { chains: [{ chainId: 31337, path }], timeoutMs: 2_000, address: USER, rules: [repayNow] },
      async (watch) => {
        const { parts } = watch;
        const proposal = await approvedProposal(watch);
        // Signed and broadcast with too little gas for the repay: on the real chain the last step reverts.
        const lastStep = proposal.steps.length - 1;
        const hashes = await sendSteps(proposal.steps, (i, gas) => (i === lastStep ? "60000" : gas));
        const odd = await Promise.all(
          hashes.map(async (hash) => {
            const receipt = (await chain.request({
              method: "eth_getTransactionReceipt",
              params: [hash],
            })) as Record<string, unknown>;
            return {
              method: "eth_getTransactionReceipt",
              path: `/${path}`,
              firstParam: hash,
              fault: { kind: "garbageResult" as const, result: { ...receipt, status: "0x2" } },
            };
          }),
        );
        await faults.set(odd);
        expect((await parts.automation.submitted(proposal.id, hashes, USER)).ok).toBe(true);
        await watch.runFor(2 * AUTOMATION_INTERVAL_MS);
        expect(parts.transactions.get(proposal.id)?.status).toBe("submitted");

        await faults.clear();
        await watch.runFor(AUTOMATION_INTERVAL_MS);
        expect(parts.transactions.get(proposal.id)).toMatchObject({
          status: "failed",
          error: `step ${hashes.length} reverted on-chain (${hashes.at(-1)})`,
        });
        expect(
          watch
            .messages("notification")
            .filter((m) => m.payload.transactionId === proposal.id && m.payload.level === "success"),
        ).toEqual([]);
      },
    );
  }, 120_000);
});
