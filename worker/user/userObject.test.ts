import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { RuleCreate } from "../../shared/schemas/rules";
import { anvilAccount } from "../test/helpers";
import { rowsWrittenBy } from "../test/rowsWritten";
import { OUTBOX_CAPACITY, OutboxCapability } from "./capabilities/outbox";
import { type ScheduledTask, Scheduler } from "./capabilities/scheduler";
import { TransactionsCapability } from "./capabilities/transactions";
import { migrateUserDb, openUserDb } from "./db";
import journal from "./migrations/meta/_journal.json";

const rule: RuleCreate = {
  name: "HF guard",
  enabled: true,
  trigger: { type: "health_factor_below", value: 1.4 },
  action: { type: "repay", chainId: 31337, asset: "USDC", targetHealthFactor: 1.8 },
  guards: { cooldownSeconds: 3600, proposalExpirySeconds: 900, maxGasUsd: 25 },
};

const freshUser = () => env.USER.getByName(crypto.randomUUID());
const host = (storage: DurableObjectStorage, now = () => Date.now()) => ({
  db: openUserDb(storage),
  now,
  newId: () => crypto.randomUUID(),
});

describe("the user's Durable Object", () => {
  it("keeps its data across eviction", async () => {
    const stub = freshUser();
    const created = await stub.createRule(rule, { maxRules: null });
    if (!created.ok) throw new Error("rule not created");
    await evictDurableObject(stub);
    expect(await stub.listRules()).toEqual([created.rule]);
    expect(await stub.getRule(created.rule.id)).toEqual(created.rule);
  });

  it("re-runs its migrations harmlessly", async () => {
    const stub = freshUser();
    const created = await stub.createRule(rule, { maxRules: null });
    const applied = await runInDurableObject(stub, async (_instance, state) => {
      const db = openUserDb(state.storage);
      await migrateUserDb(db);
      await migrateUserDb(db);
      return db.all<{ n: number }>(sql`SELECT count(*) AS n FROM __drizzle_migrations`)[0]?.n;
    });
    expect(applied).toBe(journal.entries.length);
    await evictDurableObject(stub);
    expect(await stub.listRules()).toEqual(created.ok ? [created.rule] : []);
  });

  it("enforces the rule limit it is given, exactly", async () => {
    const stub = freshUser();
    const results = await Promise.all(
      [1, 2, 3].map((usd) =>
        stub.createRule({ ...rule, trigger: { type: "price_below", asset: "WETH", usd } }, { maxRules: 2 }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: "tier_limit", maxRules: 2 });
    expect(await stub.listRules()).toHaveLength(2);
  });

  it("pushes messages to every socket, also after hibernation, and keeps them for replay", async () => {
    const stub = freshUser();
    const open = async () => {
      const response = await stub.fetch("http://do/ws", { headers: { Upgrade: "websocket" } });
      expect(response.status).toBe(101);
      const socket = response.webSocket;
      if (!socket) throw new Error("no socket");
      socket.accept();
      const received: string[] = [];
      socket.addEventListener("message", (event) => received.push(String(event.data)));
      return received;
    };
    const [first, second] = [await open(), await open()];
    // notify/messagesSince are called inside the object (automation, monitoring), hence runInDurableObject.
    const notify = (text: string) =>
      runInDurableObject(stub, (instance) =>
        instance.notify("notification", { level: "info", title: text, message: text }),
      );
    const entry = await notify("hello");
    expect(entry.seq).toBe(1);
    await evictDurableObject(stub);
    await notify("after hibernation");
    await expect.poll(() => second.length).toBe(2);
    expect(first.map((text) => JSON.parse(text).payload.title)).toEqual(["hello", "after hibernation"]);
    const replay = await runInDurableObject(stub, (instance) => instance.messagesSince(1));
    expect(replay.entries.map((e) => e.seq)).toEqual([2]);
    expect(replay.truncated).toBe(false);
    expect((await stub.fetch("http://do/ws")).status).toBe(426);
  });
});

describe("capabilities", () => {
  it("scheduler: one alarm for the earliest task, re-armed after every run, even a failing one", async () => {
    const stub = freshUser();
    await runInDurableObject(stub, async (_instance, state) => {
      // A future clock: the runtime moves alarms set in the past to "now", which would blur the assertions.
      let clock = Date.now() + 3_600_000;
      let active = true;
      const runs: string[] = [];
      const tasks: ScheduledTask[] = [
        {
          name: "automation",
          intervalMs: 30_000,
          isActive: () => active,
          run: async () => void runs.push("automation"),
        },
        {
          name: "monitoring",
          intervalMs: 10_000,
          isActive: () => active,
          run: async () => {
            runs.push("monitoring");
            throw new Error("RPC down for this tick");
          },
        },
      ];
      const logs: Record<string, unknown>[] = [];
      const scheduler = new Scheduler(
        { ...host(state.storage, () => clock), storage: state.storage, log: (e) => logs.push(e) },
        tasks,
      );
      expect(await scheduler.reschedule()).toBe(clock);
      expect(await state.storage.getAlarm()).toBe(clock);

      await scheduler.onAlarm();
      expect(runs).toEqual(["automation", "monitoring"]);
      expect(await state.storage.getAlarm()).toBe(clock + 10_000);
      expect(logs).toEqual([
        expect.objectContaining({ task: "monitoring", error: "RPC down for this tick" }),
      ]);

      clock += 10_000;
      await scheduler.onAlarm();
      expect(runs).toEqual(["automation", "monitoring", "monitoring"]);
      expect(await state.storage.getAlarm()).toBe(clock + 10_000);
      const status = Object.fromEntries(scheduler.status().map((s) => [s.name, s]));
      expect(status.monitoring).toMatchObject({ runCount: 2, lastError: "RPC down for this tick" });
      expect(status.automation).toMatchObject({ runCount: 1, lastError: null });

      active = false;
      expect(await scheduler.reschedule()).toBeNull();
      expect(await state.storage.getAlarm()).toBeNull();
    });
    // The object's own alarm handler belongs to the same arbiter: with no active task it runs and arms nothing.
    // (Set a minute ahead: one due now the runtime may run itself first; runDurableObjectAlarm runs it at once.)
    await runInDurableObject(stub, (_i, state) => state.storage.setAlarm(Date.now() + 60_000));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())).toBeNull();
  });

  it("transactions: proposals are idempotent and follow the lifecycle", async () => {
    await runInDurableObject(freshUser(), (_instance, state) => {
      const transactions = new TransactionsCapability(host(state.storage));
      const proposal = {
        ruleId: null,
        chainId: 31337,
        title: "Repay",
        steps: [],
        expiresAt: Date.now() + 60_000,
        idempotencyKey: "rule-1:window-42",
        minNonce: null,
      };
      const first = transactions.propose(proposal);
      const again = transactions.propose(proposal);
      expect(first.created).toBe(true);
      expect(again).toEqual({ transaction: first.transaction, created: false });
      const id = first.transaction.id;

      expect(transactions.transition(id, "confirmed")).toEqual({
        ok: false,
        reason: "invalid_transition",
        from: "pending",
        to: "confirmed",
      });
      expect(transactions.transition(id, "approved").ok).toBe(true);
      const hash = `0x${"ab".repeat(32)}` as const;
      const submitted = transactions.transition(id, "submitted", { txHashes: [hash] });
      expect(submitted.ok && submitted.transaction.txHashes).toEqual([hash]);
      expect(transactions.transition(crypto.randomUUID(), "approved")).toEqual({
        ok: false,
        reason: "not_found",
      });

      const stale = transactions.propose({ ...proposal, idempotencyKey: "stale", expiresAt: Date.now() - 1 });
      expect(transactions.expireDue(Date.now()).map((t) => t.id)).toEqual([stale.transaction.id]);
      expect(transactions.get(id)?.status).toBe("submitted");
      expect(transactions.list({ limit: 10, status: "expired" })).toHaveLength(1);
    });
  });

  it("outbox: bounded, numbered, tells a client that fell too far behind to resync", async () => {
    await runInDurableObject(freshUser(), (_instance, state) => {
      const outbox = new OutboxCapability({ ...host(state.storage), log: () => {} });
      const note = (i: number) => ({
        level: "info" as const,
        title: `#${i}`,
        message: "",
        transactionId: null,
      });
      for (let i = 0; i < OUTBOX_CAPACITY + 5; i++) outbox.append("notification", note(i));
      expect(outbox.latestSeq()).toBe(OUTBOX_CAPACITY + 5);
      const behind = outbox.since(0, 10);
      expect(behind.truncated).toBe(true);
      expect(behind.entries[0]?.seq).toBe(6);
      const recent = outbox.since(OUTBOX_CAPACITY + 3);
      expect(recent).toMatchObject({ truncated: false, latestSeq: OUTBOX_CAPACITY + 5 });
      expect(recent.entries.map((e) => e.payload)).toEqual([
        note(OUTBOX_CAPACITY + 3),
        note(OUTBOX_CAPACITY + 4),
      ]);
    });
  });
});

describe("SQLite rows written per tick (what DO storage bills)", () => {
  // The benchmark's user (bench/worker/tickRoutes.ts): Aave debt and three rules that do not fire.
  const idleRules: RuleCreate[] = [
    {
      ...rule,
      name: "Repay below HF 1.2",
      trigger: { type: "health_factor_below", value: 1.2 },
      action: { type: "repay", chainId: 31337, asset: "DAI", targetHealthFactor: 1.8 },
    },
    {
      ...rule,
      name: "ETH under 100 USD",
      trigger: { type: "price_below", asset: "WETH", usd: 100 },
      action: { type: "notify" },
    },
    {
      ...rule,
      name: "DAI supply APY above 50 %",
      trigger: { type: "apy_above", protocol: "aave", asset: "DAI", chainId: 31337, percent: 50 },
      action: { type: "notify" },
    },
  ];

  it("a monitored user's ticks write nothing once nothing changes, but the scheduler rows a tick finds cleared", async () => {
    const stub = freshUser();
    const wallet = anvilAccount(2).address; // WETH collateral, DAI debt: monitored
    await stub.setAutomationOwner(wallet);
    for (const r of idleRules) expect((await stub.createRule(r, { maxRules: 3 })).ok).toBe(true);
    expect((await stub.getPortfolio(wallet)).ok).toBe(true);
    // A full tick through the alarm handler with both tasks made due the benchmark's way (their rows cleared).
    const tick = () =>
      runInDurableObject(stub, async (instance, state) => {
        state.storage.sql.exec("DELETE FROM scheduled_tasks");
        return rowsWrittenBy(state.storage, () => instance.alarm());
      });
    // A monitoring-only check (what runs between automation ticks, and on each block that moves prices).
    const check = () =>
      runInDurableObject(stub, (instance, state) =>
        rowsWrittenBy(state.storage, () => instance.onMarketPricesChanged(31337)),
      );
    // Warm-up: the first tick sends the first portfolio_update and stamps the rules.
    await stub.refreshPortfolio();
    await tick();

    const measured: Record<string, number>[] = [];
    for (let round = 0; round < 3; round++) {
      await stub.refreshPortfolio(); // positions expired: re-read from the chain (every 3rd check in production)
      measured.push(
        (await tick()).byTable,
        (await tick()).byTable,
        (await check()).byTable,
        (await check()).byTable,
      );
    }
    // Only the two scheduler rows each full tick re-inserts (row + index entry each) because the tick cleared
    // them; prices (the market object's, not the user's), positions, rule stamps, monitoring state and the outbox:
    // nothing.
    expect(measured).toEqual(
      [0, 1, 2].flatMap(() => [{ scheduled_tasks: 4 }, { scheduled_tasks: 4 }, {}, {}]),
    );
  });
});
