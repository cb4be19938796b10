import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createPublicClient, http, type PublicClient } from "viem";
import { describe, expect, it } from "vitest";
import { devnetDeployment } from "../../../../shared/chains/devnet";
import { type RuleCreateInput, ruleCreateSchema } from "../../../../shared/schemas/rules";
import { TIER_LIMITS } from "../../../../shared/schemas/subscriptions";
import { repayNow } from "../../../test/automation";
import { openUserDb } from "../../db";
import { RulesCapability } from "../rules";
import { TransactionsCapability } from "../transactions";
import { HEARTBEAT_INTERVAL_MS } from "../wake";
import { AutomationCapability } from "./automationCapability";
import { AUTOMATION_INTERVAL_MS } from "./automationInterval";
import { rulesFingerprint } from "./idleRules";
import { REORG_WATCH_MS } from "./receipts";

// The reorg watch (receipts.ts) runs on the automation loop's ticks: a proposal just confirmed must keep the loop
// ticking at its own period until the watch window is over, even when nothing else would (no rule, or only rules
// the market object wakes the user for, none holding: the hourly sleep).

const closedPort = createPublicClient({ transport: http("http://127.0.0.1:9", { retryCount: 0 }) });

/** A user object with one proposal confirmed at `clock()`'s start, and its automation loop (idle allowed). */
function withConfirmed<T>(
  name: string,
  rules: RuleCreateInput[],
  run: (automation: AutomationCapability, advance: (ms: number) => void) => T,
): Promise<T> {
  return runInDurableObject(env.USER.getByName(name), async (_instance, state) => {
    let clock = Date.now();
    const host = { db: openUserDb(state.storage), now: () => clock, newId: () => crypto.randomUUID() };
    const transactions = new TransactionsCapability(host);
    const rulesCapability = new RulesCapability(host);
    for (const rule of rules) rulesCapability.create(ruleCreateSchema.parse(rule), TIER_LIMITS.pro);
    const { transaction } = transactions.propose({
      ruleId: null,
      chainId: 31337,
      title: "Repay 10 DAI",
      steps: [
        { chainId: 31337, to: devnetDeployment.contracts.pool, data: "0x", value: "0", description: "step" },
      ],
      expiresAt: clock + 900_000,
      idempotencyKey: `${name}-${crypto.randomUUID()}`,
      minNonce: null,
    });
    expect(transactions.transition(transaction.id, "approved").ok).toBe(true);
    expect(
      transactions.transition(transaction.id, "submitted", { txHashes: [`0x${"ab".repeat(32)}`] }).ok,
    ).toBe(true);
    expect(transactions.transition(transaction.id, "confirmed").ok).toBe(true);
    // The last tick found every rule idle (the repay lifted the health factor above its line).
    state.storage.kv.put("automation:idleFor", rulesFingerprint(rulesCapability.listEnabled()));
    const automation = new AutomationCapability({
      rules: rulesCapability,
      transactions,
      now: host.now,
      owner: () => devnetDeployment.accounts.borrower,
      sessionActive: () => true,
      chains: () => [],
      client: () => closedPort as PublicClient,
      aaveMarket: async () => {
        throw new Error("not used");
      },
      portfolio: async () => {
        throw new Error("not used");
      },
      priceHistory: async () => ({}),
      invalidatePortfolio: () => {},
      notify: async () => undefined,
      log: () => {},
      idle: {
        kv: state.storage.kv,
        wokenOnNeed: () => true,
        wakesRegistered: () => true,
        intervalMs: HEARTBEAT_INTERVAL_MS,
      },
    });
    return run(automation, (ms) => {
      clock += ms;
    });
  });
}

describe("the reorg watch window keeps the automation loop ticking", () => {
  it("a rescue confirmed for a user without rules: the loop stays active for the window, then stops", async () => {
    const seen = await withConfirmed("reorg-window-no-rules", [], (automation, advance) => {
      const during = automation.task().isActive();
      advance(REORG_WATCH_MS + 1_000);
      return { during, after: automation.task().isActive() };
    });
    expect(seen).toEqual({ during: true, after: false });
  });

  it("only idle health-factor rules: the loop keeps its 30 s during the window, sleeps hourly after it", async () => {
    const seen = await withConfirmed("reorg-window-idle-rules", [repayNow], (automation, advance) => {
      const during = automation.intervalMs();
      advance(REORG_WATCH_MS + 1_000);
      return { during, after: automation.intervalMs() };
    });
    expect(seen).toEqual({ during: AUTOMATION_INTERVAL_MS, after: HEARTBEAT_INTERVAL_MS });
  });
});
