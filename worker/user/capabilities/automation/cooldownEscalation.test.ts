import { describe, expect, it } from "vitest";
import type { Portfolio } from "../../../../shared/schemas/portfolio";
import type { Transaction } from "../../../../shared/schemas/transactions";
import {
  createRule,
  NEAR_LIQUIDATION,
  proposalsOf,
  repayNow,
  ruleOf,
  setPriceUsd,
  tick,
  userSessions,
} from "../../../test/automation";
import { revertChainAfterEachTest } from "../../../test/devnet";
import { call } from "../../../test/helpers";

// A rule in its cooldown must not stay silent while the position slides towards liquidation: it proposes once
// more per severity step (Aave's red under 1.1, liquidatable under 1) the position got worse since it fired.

revertChainAfterEachTest();
const session = userSessions();

async function reject(token: string, proposal: Transaction): Promise<void> {
  const response = await call(`/transactions/${proposal.id}/reject`, { method: "POST", token });
  expect(response.status).toBe(200);
}

describe("automation: escalation overrides the cooldown", () => {
  it("HF 1.05 proposes; inside the cooldown a fall under 1 proposes once more, and only once", async () => {
    const user = await session(NEAR_LIQUIDATION); // HF ≈ 1.05: Aave's red, step 1
    const rule = await createRule(user, repayNow); // HF < 1.2 → repay USDC to 1.3, cooldown 1 h
    await tick(user);
    const [first] = await proposalsOf(user, rule.id);
    expect(first?.preview?.healthFactor.before).toBeLessThan(1.1);
    expect(first!.preview!.healthFactor.before).toBeGreaterThanOrEqual(1);
    await reject(user.token, first!);

    // Cooling down: the rule says until when, and the same step proposes nothing new.
    const cooling = await ruleOf(user, rule.id);
    expect(cooling.lastExecutedAt).not.toBeNull();
    expect(Date.parse(cooling.cooldownUntil!)).toBe(Date.parse(cooling.lastExecutedAt!) + 3600 * 1000);
    expect(Date.parse(cooling.cooldownUntil!)).toBeGreaterThan(Date.now());
    await tick(user);
    expect(await proposalsOf(user, rule.id)).toHaveLength(1);

    // Worse by a step (HF under 1): the cooldown is overridden, once.
    const portfolio = (await (await call("/portfolios", { token: user.token })).json()) as Portfolio;
    const weth = portfolio.aave[0]!.supplies.find((s) => s.symbol === "WETH")!.priceUsd;
    await setPriceUsd("WETH", (weth * 0.95) / portfolio.healthFactor!);
    await tick(user);
    const afterFall = await proposalsOf(user, rule.id);
    expect(afterFall).toHaveLength(2);
    const escalated = afterFall.find((p) => p.id !== first!.id)!;
    expect(escalated.preview!.healthFactor.before).toBeLessThan(1);
    expect(escalated.preview!.healthFactor.after).toBeGreaterThanOrEqual(1.3);
    await reject(user.token, escalated);

    // Still under 1, still cooling down: no third proposal.
    await tick(user);
    await tick(user);
    expect(await proposalsOf(user, rule.id)).toHaveLength(2);
  });
});
