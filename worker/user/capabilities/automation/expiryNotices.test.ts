import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  createRule,
  messagesOf,
  NEAR_LIQUIDATION,
  proposalMessagesOf,
  proposalsOf,
  repayNow,
  type Session,
  stubOf,
  tick,
  userSessions,
} from "../../../test/automation";
import { revertChainAfterEachTest } from "../../../test/devnet";
import { REPEATED_EXPIRY_QUIET_MS } from "./proposalLifecycle";

revertChainAfterEachTest();
const session = userSessions();

/** Time passes for the open proposal: it is due, and the rule's short cooldown is over (its window key freed). */
async function expireOpenProposal(user: Session, ruleId: string): Promise<void> {
  const now = Date.now();
  await runInDurableObject(stubOf(user), (_instance, state) => {
    state.storage.sql.exec(
      "UPDATE transactions SET expires_at = ?, idempotency_key = NULL WHERE rule_id = ? AND status = 'pending'",
      now - 1000,
      ruleId,
    );
    state.storage.sql.exec(
      "UPDATE automation_rules SET last_executed_at = ? WHERE id = ?",
      now - 120_000,
      ruleId,
    );
  });
}

/** This rule's "Proposal expired" notices (the seeded wallet's object is shared with other files' tests). */
async function expiredNotices(user: Session, ruleId: string) {
  const ids = new Set((await proposalsOf(user, ruleId)).map((p) => p.id));
  return (await messagesOf(user)).filter(
    (m) =>
      m.type === "notification" &&
      m.payload.title === "Proposal expired" &&
      ids.has(m.payload.transactionId ?? ""),
  );
}

describe("a rule re-proposing every minute while nobody answers", () => {
  it("tells the first expiry; the next ones are quiet updates while every new proposal is still notified", async () => {
    const user = await session(NEAR_LIQUIDATION);
    // A trigger of its own (another file's repayNow on this shared wallet would be a duplicate rule).
    const rule = await createRule(user, {
      ...repayNow,
      trigger: { type: "health_factor_below", value: 1.19 },
      guards: { cooldownSeconds: 30, proposalExpirySeconds: 60, maxGasUsd: 25 },
    });
    await tick(user);
    for (let k = 0; k < 3; k++) {
      await expireOpenProposal(user, rule.id);
      await tick(user);
    }
    const proposals = await proposalsOf(user, rule.id);
    expect(proposals.map((p) => p.status).sort()).toEqual(["expired", "expired", "expired", "pending"]);
    expect(await proposalMessagesOf(user, rule.id)).toHaveLength(4);
    const told = await expiredNotices(user, rule.id);
    expect(told).toHaveLength(1);
    expect(told[0]!.payload).toMatchObject({
      message: expect.stringMatching(/it was not approved in time\.$/),
    });

    // After a quiet hour since the last expiry, the next one is a new episode: told again.
    await runInDurableObject(stubOf(user), (_instance, state) => {
      state.storage.sql.exec(
        "UPDATE transactions SET updated_at = ? WHERE rule_id = ? AND status = 'expired'",
        Date.now() - REPEATED_EXPIRY_QUIET_MS - 60_000,
        rule.id,
      );
    });
    await expireOpenProposal(user, rule.id);
    await tick(user);
    expect(await expiredNotices(user, rule.id)).toHaveLength(2);
  });
});
