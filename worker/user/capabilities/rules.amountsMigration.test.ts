import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { guardsSchema, MAX_RULE_USD, triggerSchema } from "../../../shared/schemas/rules";
import { runMigration } from "../../test/runMigration";
import { openUserDb } from "../db";
import capRuleAmounts from "../migrations/0004_cap_rule_amounts.sql";
import { RulesCapability } from "./rules";

function insertRule(storage: DurableObjectStorage, id: string, trigger: object, guards: object): void {
  storage.sql.exec(
    `INSERT INTO automation_rules (id, name, enabled, trigger, action, guards, created_at, updated_at)
     VALUES (?, 'stored before the bounds', 1, ?, '{"type":"notify"}', ?, 0, 0)`,
    id,
    JSON.stringify(trigger),
    JSON.stringify(guards),
  );
}

describe("migration 0004: rules stored before dollar amounts were bounded", () => {
  it("brings their amounts into range, switches them off with a reason, and leaves other rules alone", async () => {
    await runInDurableObject(env.USER.getByName(crypto.randomUUID()), async (_instance, state) => {
      const guards = { cooldownSeconds: 3600, proposalExpirySeconds: 900, maxGasUsd: 25 };
      insertRule(state.storage, "huge-price", { type: "price_above", asset: "WETH", usd: 1e20 }, guards);
      insertRule(
        state.storage,
        "dust-cap",
        { type: "price_below", asset: "WETH", usd: 100 },
        {
          ...guards,
          maxAmountUsd: 0.001,
        },
      );
      insertRule(state.storage, "fine", { type: "price_below", asset: "WETH", usd: 100 }, guards);
      const rules = new RulesCapability({
        db: openUserDb(state.storage),
        now: () => Date.now(),
        newId: () => crypto.randomUUID(),
      });
      // Before: the stored rows no longer pass the schema the rules are read with (a read now would quarantine them;
      // the migration runs before any read).
      expect(triggerSchema.safeParse({ type: "price_above", asset: "WETH", usd: 1e20 }).success).toBe(false);
      expect(guardsSchema.safeParse({ ...guards, maxAmountUsd: 0.001 }).success).toBe(false);

      runMigration(state.storage, capRuleAmounts);
      const byId = new Map(rules.list().map((rule) => [rule.id, rule]));
      const huge = byId.get("huge-price")!;
      expect(huge.trigger).toEqual({ type: "price_above", asset: "WETH", usd: MAX_RULE_USD });
      expect(huge.enabled).toBe(false);
      expect(huge.lastError).toMatch(/brought into range: check the rule/);
      const dust = byId.get("dust-cap")!;
      expect(dust.guards.maxAmountUsd).toBe(0.01);
      expect(dust.enabled).toBe(false);
      const fine = byId.get("fine")!;
      expect(fine.enabled).toBe(true);
      expect(fine.lastError).toBeNull();
      expect(fine.guards).toEqual(guards);
      expect("maxAmountUsd" in fine.guards).toBe(false);
    });
  });
});
