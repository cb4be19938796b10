import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Rule, RuleCreate, RuleCreateInput } from "../../../shared/schemas/rules";
import type { TransactionList } from "../../../shared/schemas/transactions";
import { revertChainAfterEachTest } from "../../test/devnet";
import { anvilAccount, call, seededSession } from "../../test/helpers";
import { rowsWrittenBy } from "../../test/rowsWritten";
import { runTaskNow } from "../../test/taskNow";
import { openUserDb } from "../db";
import { EVALUATION_STAMP_MAX_AGE_MS, RulesCapability } from "./rules";

const AUTOMATION_TICK_MS = 30_000;

const rule: RuleCreate = {
  name: "ETH under 100 USD",
  enabled: true,
  trigger: { type: "price_below", asset: "WETH", usd: 100 },
  action: { type: "notify" },
  guards: { cooldownSeconds: 3600, proposalExpirySeconds: 900, maxGasUsd: 25 },
};

describe("rules: evaluation stamps", () => {
  it("are written when the outcome changes or the stored stamp is 10 min old, and read fresh in between", async () => {
    await runInDurableObject(env.USER.getByName(crypto.randomUUID()), async (_instance, state) => {
      let clock = Date.parse("2026-03-02T10:00:00Z");
      const host = { db: openUserDb(state.storage), now: () => clock, newId: () => crypto.randomUUID() };
      const rules = new RulesCapability(host);
      const created = rules.create(rule, { maxRules: null });
      if (!created.ok) throw new Error("not created");
      const id = created.rule.id;
      const stored = () =>
        host.db.all<{ at: number | null; error: string | null }>(
          `SELECT last_evaluated_at AS at, last_error AS error FROM automation_rules WHERE id = '${id}'`,
        )[0];

      // The first evaluation is written.
      expect(rules.recordEvaluation(id, clock, null)).toBe(true);
      const firstAt = clock;
      // 19 more ticks with the same outcome (9.5 min): nothing written, reads show the newest stamp.
      const quiet = await rowsWrittenBy(state.storage, () => {
        const wrote: boolean[] = [];
        for (let k = 1; k < 20; k++) {
          clock += AUTOMATION_TICK_MS;
          wrote.push(rules.recordEvaluation(id, clock, null));
        }
        return wrote;
      });
      expect(quiet.result).toEqual(new Array(19).fill(false));
      expect(quiet.total).toBe(0);
      expect(stored()).toEqual({ at: firstAt, error: null });
      expect(rules.get(id)?.lastEvaluatedAt).toBe(new Date(clock).toISOString());
      expect(rules.list()[0]?.lastEvaluatedAt).toBe(new Date(clock).toISOString());

      // The 10-minute mark: written (one row).
      clock += AUTOMATION_TICK_MS;
      expect(clock - firstAt).toBe(EVALUATION_STAMP_MAX_AGE_MS);
      const checkpoint = await rowsWrittenBy(state.storage, () => rules.recordEvaluation(id, clock, null));
      expect(checkpoint).toMatchObject({ result: true, total: 1 });
      expect(stored()).toEqual({ at: clock, error: null });

      // A new outcome is written at once; the same error again is not, but reads show when it was last seen.
      clock += AUTOMATION_TICK_MS;
      expect(rules.recordEvaluation(id, clock, "could not read your positions")).toBe(true);
      const errorAt = clock;
      clock += AUTOMATION_TICK_MS;
      expect(rules.recordEvaluation(id, clock, "could not read your positions")).toBe(false);
      expect(rules.get(id)).toMatchObject({
        lastError: "could not read your positions",
        lastErrorAt: new Date(clock).toISOString(),
        lastEvaluatedAt: new Date(clock).toISOString(),
      });
      expect(stored()).toEqual({ at: errorAt, error: "could not read your positions" });
      // Recovery is an outcome change: written.
      clock += AUTOMATION_TICK_MS;
      expect(rules.recordEvaluation(id, clock, null)).toBe(true);
      expect(rules.get(id)).toMatchObject({ lastError: null, lastErrorAt: null });

      // Eviction loses the unsaved stamp only: a new instance shows the stored one, at most 10 min older.
      clock += AUTOMATION_TICK_MS;
      expect(rules.recordEvaluation(id, clock, null)).toBe(false);
      const restarted = new RulesCapability(host);
      expect(restarted.get(id)?.lastEvaluatedAt).toBe(new Date(clock - AUTOMATION_TICK_MS).toISOString());
      expect(rules.get(id)?.lastEvaluatedAt).toBe(new Date(clock).toISOString());
    });
  });
});

describe("rules: no duplicate after an eviction (devnet)", () => {
  revertChainAfterEachTest();
  /** Signed-in devnet users; their rules go after each test (the free plan allows 3). */
  const sessions = new Map<number, { token: string; userId: string }>();
  // Cached positions are forgotten straight on the object once the last test's chain is reverted (the refresh
  // route is rate-limited: refused, it would leave positions of a reverted chain for the next test).
  beforeEach(async () => {
    for (const { userId } of sessions.values()) await env.USER.getByName(userId).refreshPortfolio();
  });
  afterEach(async () => {
    for (const { token } of sessions.values()) {
      const { rules } = (await (await call("/rules", { token })).json()) as { rules: Rule[] };
      for (const r of rules) await call(`/rules/${r.id}`, { method: "DELETE", token });
    }
  });
  const session = async (index: number) => {
    const known = sessions.get(index);
    if (known) return known;
    const { token, user } = await seededSession(anvilAccount(index));
    const created = { token, userId: user.id };
    sessions.set(index, created);
    await env.USER.getByName(user.id).refreshPortfolio(); // what earlier files left cached may be reverted since
    return created;
  };
  type Session = Awaited<ReturnType<typeof session>>;
  const stubOf = (s: Session) => env.USER.getByName(s.userId);
  const createRule = async (s: Session, input: RuleCreateInput) => {
    const response = await call("/rules", { method: "POST", token: s.token, json: input });
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as Rule;
  };
  const ruleOf = async (s: Session, id: string) =>
    (await (await call(`/rules/${id}`, { token: s.token })).json()) as Rule;
  /** One automation tick through the real alarm (../../test/taskNow.ts). */
  const tick = (s: Session) => runTaskNow(stubOf(s), "automation");
  const messagesOf = async (s: Session) => (await stubOf(s).messagesSince(0)).entries;
  const proposalsOf = async (s: Session, ruleId: string) =>
    ((await (await call(`/transactions?ruleId=${ruleId}`, { token: s.token })).json()) as TransactionList)
      .transactions;

  it("a firing notify rule notifies once; evicted and ticked again, still once, and its stamp survives", async () => {
    const user = await session(2);
    // WETH is far below a million USD on the devnet: the rule fires on the first tick.
    const created = await createRule(user, {
      ...rule,
      trigger: { type: "price_below", asset: "WETH", usd: 1_000_000 },
    });
    const notified = async () =>
      (await messagesOf(user)).filter((m) => m.type === "notification" && m.payload.title === rule.name);
    const before = (await notified()).length;

    expect(await tick(user)).toBe(true);
    const fired = await ruleOf(user, created.id);
    expect(fired.executionCount).toBe(1);
    expect(fired.lastEvaluatedAt).not.toBeNull();
    expect((await notified()).length).toBe(before + 1);

    await evictDurableObject(stubOf(user));
    for (let k = 0; k < 3; k++) expect(await tick(user)).toBe(true);
    const after = await ruleOf(user, created.id);
    expect(after.executionCount).toBe(1);
    expect(after.lastExecutedAt).toBe(fired.lastExecutedAt);
    expect(Date.parse(after.lastEvaluatedAt ?? "")).toBeGreaterThanOrEqual(
      Date.parse(fired.lastEvaluatedAt ?? ""),
    );
    expect((await notified()).length).toBe(before + 1);
  });

  it("a repay rule proposes once; evicted between ticks, it neither proposes again nor loses the proposal", async () => {
    const user = await session(3); // HF ≈ 1.05 with USDC debt and USDC in the wallet
    const created = await createRule(user, {
      name: "Keep HF up",
      trigger: { type: "health_factor_below", value: 1.2 },
      action: { type: "repay", chainId: 31337, asset: "USDC", targetHealthFactor: 1.3 },
      guards: { cooldownSeconds: 3600, proposalExpirySeconds: 600, maxGasUsd: 25 },
    });
    expect(await tick(user)).toBe(true);
    const proposals = await proposalsOf(user, created.id);
    expect(proposals).toHaveLength(1);
    for (let k = 0; k < 2; k++) {
      await evictDurableObject(stubOf(user));
      expect(await tick(user)).toBe(true);
    }
    expect((await proposalsOf(user, created.id)).map((t) => t.id)).toEqual(proposals.map((t) => t.id));
    expect((await ruleOf(user, created.id)).executionCount).toBe(1);
    const messages = (await messagesOf(user)).filter(
      (m) => m.type === "tx_proposal" && m.payload.transaction.ruleId === created.id,
    );
    expect(messages).toHaveLength(1);
  });
});
