import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { beforeAll, describe, expect, it } from "vitest";
import type { Rule, RuleCreateInput, RuleList } from "../../../shared/schemas/rules";
import type { Transaction, TransactionList } from "../../../shared/schemas/transactions";
import { call, errorOf, signIn } from "../../test/helpers";
import { TransactionsCapability } from "../../user/capabilities/transactions";
import { openUserDb } from "../../user/db";

const notifyRule: RuleCreateInput = {
  name: "Tell me when HF drops",
  trigger: { type: "health_factor_below", value: 1.3 },
  action: { type: "notify" },
};

/** Fresh users hold nothing, so the rule only notifies (actions are checked against positions: automation tests). */
const rebalanceRule: RuleCreateInput = {
  name: "Tell me when USDC APY is low",
  trigger: { type: "apy_below", protocol: "aave", asset: "USDC", chainId: 31337, percent: 4 },
  action: { type: "notify" },
  guards: { maxAmountUsd: 5000, cooldownSeconds: 3600 },
};

interface Session {
  token: string;
  userId: string;
}

async function newUser(): Promise<Session> {
  const { token, user } = await signIn(privateKeyToAccount(generatePrivateKey()));
  return { token, userId: user.id };
}

async function rulesOf(session: Session): Promise<Rule[]> {
  const response = await call("/rules", { token: session.token });
  expect(response.status).toBe(200);
  return ((await response.json()) as RuleList).rules;
}

async function createRule(session: Session, rule: unknown): Promise<Response> {
  return call("/rules", { method: "POST", token: session.token, json: rule });
}

/** Seeds a proposal the way the automation loop will: through the transactions capability in the user's DO. */
async function seedTransaction(userId: string, ruleId: string): Promise<Transaction> {
  return runInDurableObject(env.USER.getByName(userId), (_instance, state) => {
    const capability = new TransactionsCapability({
      db: openUserDb(state.storage),
      now: () => Date.now(),
      newId: () => crypto.randomUUID(),
    });
    return capability.propose({
      ruleId,
      chainId: 31337,
      title: "Repay 100 USDC",
      steps: [
        {
          chainId: 31337,
          to: "0x0000000000000000000000000000000000000001",
          data: "0x",
          value: "0",
          description: "test step",
        },
      ],
      expiresAt: Date.now() + 900_000,
      idempotencyKey: `${ruleId}:test`,
      minNonce: null,
    }).transaction;
  });
}

describe("rules", () => {
  it("creates, reads, changes, toggles and deletes a rule", async () => {
    const user = await newUser();
    const created = await createRule(user, rebalanceRule);
    expect(created.status).toBe(201);
    const rule = (await created.json()) as Rule;
    expect(rule.enabled).toBe(true);
    expect(rule.guards).toEqual({
      maxAmountUsd: 5000,
      cooldownSeconds: 3600,
      proposalExpirySeconds: 900,
      maxGasUsd: 25,
    });
    expect(rule.executionCount).toBe(0);

    const fetched = (await (await call(`/rules/${rule.id}`, { token: user.token })).json()) as Rule;
    expect(fetched).toEqual(rule);

    const patched = await call(`/rules/${rule.id}`, {
      method: "PATCH",
      token: user.token,
      json: { name: "Renamed" },
    });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as Rule).name).toBe("Renamed");

    const disabled = await call(`/rules/${rule.id}/disable`, { method: "POST", token: user.token });
    expect(((await disabled.json()) as Rule).enabled).toBe(false);
    const enabled = await call(`/rules/${rule.id}/enable`, { method: "POST", token: user.token });
    expect(((await enabled.json()) as Rule).enabled).toBe(true);

    const deleted = await call(`/rules/${rule.id}`, { method: "DELETE", token: user.token });
    expect(deleted.status).toBe(204);
    expect(await rulesOf(user)).toEqual([]);
    expect((await call(`/rules/${rule.id}`, { token: user.token })).status).toBe(404);
  });

  it("enforces the free tier's 3 rules with a clear 402", async () => {
    const user = await newUser();
    const hfBelow = (value: number) => ({ ...notifyRule, trigger: { type: "health_factor_below", value } });
    for (let i = 0; i < 3; i++)
      expect((await createRule(user, { ...hfBelow(1.3 + i / 10), name: `rule ${i}` })).status).toBe(201);
    const refused = await createRule(user, hfBelow(2));
    expect(refused.status).toBe(402);
    const error = await errorOf(refused);
    expect(error.code).toBe("tier_limit");
    expect(error.message).toMatch(/free plan allows 3 rules/);
    expect(error.details).toMatchObject({ tier: "free", limit: 3 });
    expect(await rulesOf(user)).toHaveLength(3);
  });

  it("requires a token", async () => {
    expect((await call("/rules")).status).toBe(401);
    expect((await call("/rules", { method: "POST", json: notifyRule })).status).toBe(401);
  });
});

describe("isolation between users", () => {
  let alice: Session;
  let bob: Session;
  let aliceRule: Rule;
  let aliceTransaction: Transaction;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([newUser(), newUser()]);
    aliceRule = (await (await createRule(alice, rebalanceRule)).json()) as Rule;
    aliceTransaction = await seedTransaction(alice.userId, aliceRule.id);
  });

  it("Bob cannot read, change, toggle or delete Alice's rule: 404 every time", async () => {
    const attempts: [string, string, unknown?][] = [
      ["GET", `/rules/${aliceRule.id}`],
      ["PATCH", `/rules/${aliceRule.id}`, { name: "mine now" }],
      ["PATCH", `/rules/${aliceRule.id}`, { trigger: { type: "health_factor_below", value: 2 } }],
      ["POST", `/rules/${aliceRule.id}/disable`],
      ["POST", `/rules/${aliceRule.id}/enable`],
      ["DELETE", `/rules/${aliceRule.id}`],
    ];
    for (const [method, path, json] of attempts) {
      const response = await call(path, { method, token: bob.token, json });
      expect(response.status, `${method} ${path}`).toBe(404);
      const error = await errorOf(response);
      expect(error).toMatchObject({ code: "not_found", message: "Rule not found." });
    }
    expect(await rulesOf(bob)).toEqual([]);
    const [unchanged] = await rulesOf(alice);
    expect(unchanged).toEqual(aliceRule);
  });

  it("an unknown rule id looks exactly like someone else's", async () => {
    const unknown = await call(`/rules/${crypto.randomUUID()}`, { token: bob.token });
    const foreign = await call(`/rules/${aliceRule.id}`, { token: bob.token });
    expect(unknown.status).toBe(404);
    const [a, b] = [await errorOf(unknown), await errorOf(foreign)];
    expect({ ...a, details: undefined }).toEqual({ ...b, details: undefined });
  });

  it("Bob cannot see Alice's transactions, by id or by filter", async () => {
    const mine = await call(`/transactions/${aliceTransaction.id}`, { token: alice.token });
    expect(mine.status).toBe(200);
    expect(((await mine.json()) as Transaction).status).toBe("pending");

    expect((await call(`/transactions/${aliceTransaction.id}`, { token: bob.token })).status).toBe(404);
    const list = await call(`/transactions?ruleId=${aliceRule.id}`, { token: bob.token });
    expect(((await list.json()) as TransactionList).transactions).toEqual([]);

    const aliceList = await call(`/transactions?status=pending`, { token: alice.token });
    expect(((await aliceList.json()) as TransactionList).transactions.map((tx) => tx.id)).toEqual([
      aliceTransaction.id,
    ]);
  });
});

describe("bad input changes nothing", () => {
  let user: Session;
  beforeAll(async () => {
    user = await newUser();
  });

  async function expectRejected(response: Response, status: number, code: string): Promise<string[]> {
    expect(response.status).toBe(status);
    const error = await errorOf(response);
    expect(error.code).toBe(code);
    expect(await rulesOf(user)).toEqual([]);
    return (error.details?.fields ?? []).map((field) => `${field.path}: ${field.message}`);
  }

  it("malformed JSON → 400", async () => {
    await expectRejected(
      await call("/rules", { method: "POST", token: user.token, body: '{"name": "x", ' }),
      400,
      "malformed_json",
    );
  });

  it("wrong types → 400 naming the field", async () => {
    const fields = await expectRejected(
      await createRule(user, { ...rebalanceRule, trigger: { ...rebalanceRule.trigger, percent: "4" } }),
      400,
      "validation_failed",
    );
    expect(fields.join()).toMatch(/^trigger\.percent: must be a number/);
  });

  it("unknown fields → 400 naming them", async () => {
    const fields = await expectRejected(
      await createRule(user, { ...notifyRule, owner: "someone-else" }),
      400,
      "validation_failed",
    );
    expect(fields.join()).toMatch(/owner/);
    await expectRejected(
      await createRule(user, { ...notifyRule, action: { type: "notify", extra: 1 } }),
      400,
      "validation_failed",
    );
  });

  it("an impossible rule says why", async () => {
    const usdc = await expectRejected(
      await createRule(user, {
        ...rebalanceRule,
        action: { type: "rebalance", chainId: 31337, asset: "USDC" },
      }),
      400,
      "validation_failed",
    );
    expect(usdc.join()).toMatch(
      /action\.asset: EigenLayer restakes liquid staking tokens .*USDC cannot be restaked/,
    );
    const hf = await expectRejected(
      await createRule(user, { ...notifyRule, trigger: { type: "health_factor_below", value: 0.9 } }),
      400,
      "validation_failed",
    );
    expect(hf.join()).toMatch(/trigger\.value: must be above 1/);
    const chain = await expectRejected(
      await createRule(user, { ...rebalanceRule, trigger: { ...rebalanceRule.trigger, chainId: 5 } }),
      400,
      "validation_failed",
    );
    expect(chain.join()).toMatch(/trigger\.chainId: chain 5 is not served/);
    const unknownTrigger = await expectRejected(
      await createRule(user, { ...notifyRule, trigger: { type: "moon_phase" } }),
      400,
      "validation_failed",
    );
    expect(unknownTrigger.join()).toMatch(/trigger\.type must be one of/);
  });

  it("a repay or supply target at or below its trigger's health factor → 400 naming the target, on create and edit", async () => {
    const target = /^action\.targetHealthFactor: must be above the trigger's health factor 1\.5: /;
    for (const [type, targetHealthFactor] of [
      ["repay", 1.2],
      ["supply_collateral", 1.5],
    ] as const) {
      const fields = await expectRejected(
        await createRule(user, {
          ...notifyRule,
          trigger: { type: "health_factor_below", value: 1.5 },
          action: { type, chainId: 31337, asset: "DAI", targetHealthFactor },
        }),
        400,
        "validation_failed",
      );
      expect(fields).toEqual([expect.stringMatching(target)]);
    }
    const created = await createRule(user, {
      ...notifyRule,
      trigger: { type: "health_factor_below", value: 1.5 },
    });
    expect(created.status).toBe(201);
    const rule = (await created.json()) as Rule;
    const edit = await call(`/rules/${rule.id}`, {
      method: "PATCH",
      token: user.token,
      json: { action: { type: "repay", chainId: 31337, asset: "DAI", targetHealthFactor: 1.4 } },
    });
    expect(edit.status).toBe(400);
    const error = await errorOf(edit);
    expect(error.details?.fields?.map((f) => `${f.path}: ${f.message}`)).toEqual([
      expect.stringMatching(target),
    ]);
    expect((await rulesOf(user)).map((r) => r.action)).toEqual([{ type: "notify" }]);
    await call(`/rules/${rule.id}`, { method: "DELETE", token: user.token });
  });

  it("a second rule with the same trigger and action → 409 naming the first, on create and edit", async () => {
    const first = await createRule(user, notifyRule);
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as Rule;
    const again = await createRule(user, {
      ...notifyRule,
      name: "Same again",
      guards: { cooldownSeconds: 60 },
    });
    expect(again.status).toBe(409);
    const error = await errorOf(again);
    expect(error.message).toBe(
      `You already have this rule ("${notifyRule.name}"): same trigger and action. Change that rule instead of adding a second one.`,
    );
    expect(error.details).toMatchObject({ reason: "duplicate_rule", ruleId: id });

    const other = await createRule(user, {
      ...notifyRule,
      trigger: { type: "health_factor_below", value: 1.6 },
    });
    expect(other.status).toBe(201);
    const otherId = ((await other.json()) as Rule).id;
    const edit = await call(`/rules/${otherId}`, {
      method: "PATCH",
      token: user.token,
      json: { trigger: notifyRule.trigger },
    });
    expect(edit.status).toBe(409);
    expect((await errorOf(edit)).details).toMatchObject({ reason: "duplicate_rule", ruleId: id });
    expect((await rulesOf(user)).map((r) => [r.name, r.trigger])).toEqual([
      [notifyRule.name, notifyRule.trigger],
      [notifyRule.name, { type: "health_factor_below", value: 1.6 }],
    ]);

    // A switched-off twin proposes nothing: it may exist, but not be switched on beside the first.
    const twin = await createRule(user, { ...notifyRule, name: "Paused twin", enabled: false });
    expect(twin.status).toBe(201);
    const twinId = ((await twin.json()) as Rule).id;
    for (const enable of [
      () => call(`/rules/${twinId}/enable`, { method: "POST", token: user.token }),
      () => call(`/rules/${twinId}`, { method: "PATCH", token: user.token, json: { enabled: true } }),
    ]) {
      const refused = await enable();
      expect(refused.status).toBe(409);
      expect((await errorOf(refused)).details).toMatchObject({ reason: "duplicate_rule", ruleId: id });
    }
    expect((await rulesOf(user)).find((r) => r.id === twinId)?.enabled).toBe(false);
    for (const ruleId of [id, otherId, twinId])
      await call(`/rules/${ruleId}`, { method: "DELETE", token: user.token });
  });

  it("a huge body → 413", async () => {
    await expectRejected(
      await createRule(user, { ...notifyRule, name: "x".repeat(200_000) }),
      413,
      "payload_too_large",
    );
  });

  it("an empty or unknown-field patch, a malformed id or query → 400", async () => {
    const rule = (await (await createRule(user, notifyRule)).json()) as Rule;
    const empty = await call(`/rules/${rule.id}`, { method: "PATCH", token: user.token, json: {} });
    expect(empty.status).toBe(400);
    const unknown = await call(`/rules/${rule.id}`, {
      method: "PATCH",
      token: user.token,
      json: { executionCount: 9 },
    });
    expect(unknown.status).toBe(400);
    const [after] = ((await (await call("/rules", { token: user.token })).json()) as RuleList).rules;
    expect(after).toEqual(rule);
    const badId = await call("/rules/not-a-uuid", { token: user.token });
    expect(badId.status).toBe(400);
    expect((await errorOf(badId)).details?.fields?.[0]).toMatchObject({ location: "params", path: "id" });
    const badQuery = await call("/transactions?status=done&color=red", { token: user.token });
    expect(badQuery.status).toBe(400);
    const paths = (await errorOf(badQuery)).details?.fields?.map((field) => field.path);
    expect(paths).toEqual(expect.arrayContaining(["status"]));
    await call(`/rules/${rule.id}`, { method: "DELETE", token: user.token });
  });
});
