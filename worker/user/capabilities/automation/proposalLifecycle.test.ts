import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Transaction } from "../../../../shared/schemas/transactions";
import {
  createRule,
  messagesOf,
  NEAR_LIQUIDATION,
  proposalsOf,
  RESTAKER,
  repayNow,
  stubOf,
  tick,
  transactionOf,
  userSessions,
} from "../../../test/automation";
import { revertChainAfterEachTest } from "../../../test/devnet";
import { call, errorOf } from "../../../test/helpers";

revertChainAfterEachTest();
const session = userSessions();

describe("automation: lifecycle", () => {
  it("reject → rejected and a 'Transaction cancelled' notification; nothing more to approve", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const rule = await createRule(user, repayNow);
    await tick(user);
    const [proposal] = await proposalsOf(user, rule.id);
    expect(proposal?.status).toBe("pending");
    const rejected = await call(`/transactions/${proposal!.id}/reject`, {
      method: "POST",
      token: user.token,
    });
    expect(((await rejected.json()) as Transaction).status).toBe("rejected");
    const messages = await messagesOf(user);
    expect(
      messages.some(
        (m) =>
          m.type === "notification" &&
          m.payload.title === "Transaction cancelled" &&
          m.payload.transactionId === proposal!.id,
      ),
    ).toBe(true);
    const again = await call(`/transactions/${proposal!.id}/approve`, { method: "POST", token: user.token });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).message).toMatch(/rejected transaction cannot become approved/);
  });

  it("a proposal past its expiry becomes expired on the next tick and cannot be simulated", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const rule = await createRule(user, repayNow);
    await tick(user);
    const [proposal] = await proposalsOf(user, rule.id);
    await runInDurableObject(stubOf(user), (_i, state) => {
      state.storage.sql.exec(
        "UPDATE transactions SET expires_at = ? WHERE id = ?",
        Date.now() - 1000,
        proposal!.id,
      );
    });
    const stale = await call(`/transactions/${proposal!.id}/simulate`, { method: "POST", token: user.token });
    expect(stale.status).toBe(409);
    expect((await errorOf(stale)).message).toMatch(/expired/);
    await tick(user);
    const after = (await (
      await call(`/transactions/${proposal!.id}`, { token: user.token })
    ).json()) as Transaction;
    expect(after.status).toBe("expired");
  });

  it("an approved proposal nobody signs expires on the tick, and the user is told once", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const rule = await createRule(user, repayNow);
    await tick(user);
    const [proposal] = await proposalsOf(user, rule.id);
    const approved = await call(`/transactions/${proposal!.id}/approve`, {
      method: "POST",
      token: user.token,
    });
    expect(approved.status).toBe(200);
    await tick(user);
    expect((await transactionOf(user, proposal!.id)).status).toBe("approved");
    await runInDurableObject(stubOf(user), (_i, state) => {
      state.storage.sql.exec(
        "UPDATE transactions SET expires_at = ? WHERE id = ?",
        Date.now() - 1000,
        proposal!.id,
      );
    });
    for (let i = 0; i < 3; i++) await tick(user);
    expect(await transactionOf(user, proposal!.id)).toMatchObject({ status: "expired", txHashes: [] });
    const about = (await messagesOf(user)).filter(
      (m) =>
        (m.type === "notification" && m.payload.transactionId === proposal!.id) ||
        (m.type === "tx_update" && m.payload.transaction.id === proposal!.id),
    );
    expect(
      about.map((m) =>
        m.type === "notification"
          ? { level: m.payload.level, title: m.payload.title, message: m.payload.message }
          : m.type === "tx_update"
            ? m.payload.transaction.status
            : m.type,
      ),
    ).toEqual([
      "approved",
      "expired",
      {
        level: "info",
        title: "Proposal expired",
        message: `${proposal!.title}: it was not approved in time.`,
      },
    ]);
    // Within the rule's cooldown the expired proposal is not replaced.
    expect(await proposalsOf(user, rule.id)).toHaveLength(1);
    const refused = await call(`/transactions/${proposal!.id}/approve`, {
      method: "POST",
      token: user.token,
    });
    expect(refused.status).toBe(409);
    expect((await errorOf(refused)).details?.reason).toBe("invalid_transition");
  });

  it("another user's rule or transaction is a 404", async () => {
    const owner = await session(NEAR_LIQUIDATION);
    const rule = await createRule(owner, repayNow);
    await tick(owner);
    const [proposal] = await proposalsOf(owner, rule.id);
    const other = await session(RESTAKER);
    expect((await call(`/rules/${rule.id}`, { token: other.token })).status).toBe(404);
    expect((await call(`/transactions/${proposal!.id}`, { token: other.token })).status).toBe(404);
    for (const action of ["approve", "reject", "simulate"]) {
      expect(
        (await call(`/transactions/${proposal!.id}/${action}`, { method: "POST", token: other.token }))
          .status,
      ).toBe(404);
    }
    expect(
      ((await (await call(`/transactions/${proposal!.id}`, { token: owner.token })).json()) as Transaction)
        .status,
    ).toBe("pending");
  });
});
