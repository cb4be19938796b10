import { describe, expect, it } from "vitest";
import {
  approvedRepayProposal,
  createRule,
  messagesOf,
  NEAR_LIQUIDATION,
  proposalsOf,
  repayNow,
  type Session,
  tick,
  transactionOf,
  userSessions,
} from "../../../test/automation";
import { revertChainAfterEachTest } from "../../../test/devnet";
import { call } from "../../../test/helpers";

// Pausing or deleting a rule whose proposal is open: what becomes of the proposal is done and said.

revertChainAfterEachTest();
const session = userSessions();

const noticesAbout = async (user: Session, transactionId: string) =>
  (await messagesOf(user)).flatMap((m) =>
    m.type === "notification" && m.payload.transactionId === transactionId
      ? [`${m.payload.title}: ${m.payload.message}`]
      : [],
  );

describe("a rule stopped with its proposal open", () => {
  it("paused: the proposal not yet approved is withdrawn and said; switched on again, the rule proposes at once", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const rule = await createRule(user, repayNow);
    await tick(user);
    const [proposal] = await proposalsOf(user, rule.id);
    expect(proposal?.status).toBe("pending");

    const paused = await call(`/rules/${rule.id}/disable`, { method: "POST", token: user.token });
    expect(paused.status).toBe(200);
    const withdrawn = await transactionOf(user, proposal!.id);
    expect(withdrawn).toMatchObject({
      status: "rejected",
      error: 'withdrawn: you paused its rule "Keep HF up"',
    });
    expect(await noticesAbout(user, proposal!.id)).toEqual([
      `Proposal withdrawn: ${proposal!.title}: you paused its rule "Keep HF up". Nothing was signed.`,
    ]);
    // The extension's card for it goes with the update.
    const updates = (await messagesOf(user)).filter(
      (m) => m.type === "tx_update" && m.payload.transaction.id === proposal!.id,
    );
    expect(updates.map((m) => m.type === "tx_update" && m.payload.transaction.status)).toEqual(["rejected"]);

    expect((await call(`/rules/${rule.id}/enable`, { method: "POST", token: user.token })).status).toBe(200);
    await tick(user);
    const proposals = await proposalsOf(user, rule.id);
    expect(proposals.map((p) => p.status).sort()).toEqual(["pending", "rejected"]);
  });

  it("deleted: the proposal not yet approved is withdrawn and said", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const rule = await createRule(user, repayNow);
    await tick(user);
    const [proposal] = await proposalsOf(user, rule.id);
    expect((await call(`/rules/${rule.id}`, { method: "DELETE", token: user.token })).status).toBe(204);
    expect((await transactionOf(user, proposal!.id)).status).toBe("rejected");
    expect(await noticesAbout(user, proposal!.id)).toEqual([
      `Proposal withdrawn: ${proposal!.title}: you deleted its rule "Keep HF up". Nothing was signed.`,
    ]);
  });

  it("paused after the user approved: the proposal stays open, and the user is told so", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const { proposal, ruleId } = await approvedRepayProposal(user);
    expect(
      (await call(`/rules/${ruleId}`, { method: "PATCH", token: user.token, json: { enabled: false } }))
        .status,
    ).toBe(200);
    expect((await transactionOf(user, proposal.id)).status).toBe("approved");
    expect(await noticesAbout(user, proposal.id)).toEqual([
      `Proposal still open: ${proposal.title}: you paused its rule "Keep HF up", but you had already approved it, so it stays open until it is sent or expires (reject it in Vigil to cancel it).`,
    ]);
  });
});
