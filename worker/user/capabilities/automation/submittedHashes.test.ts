import { runInDurableObject } from "cloudflare:test";
import { encodeFunctionData, erc20Abi, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import type { StepMismatchReport } from "../../../../shared/automation/matchStepTransaction";
import { devnetDeployment } from "../../../../shared/chains/devnet";
import type { Transaction, TransactionStep } from "../../../../shared/schemas/transactions";
import {
  approvedRepayProposal,
  createRule,
  forgetPositions,
  messagesOf,
  NEAR_LIQUIDATION,
  proposalsOf,
  RESTAKER,
  repayNow,
  ruleOf,
  type Session,
  send,
  signStep,
  stubOf,
  tick,
  transactionOf,
  userSessions,
} from "../../../test/automation";
import { chain, revertChainAfterEachTest } from "../../../test/devnet";
import { anvilAccount, call, errorOf } from "../../../test/helpers";

// POST /transactions/{id}/submitted attacked as a client holding the user's token would: hashes that are not the
// proposal's steps must never make it "confirmed", send the success notification or start the rule's cooldown.
// Every transaction here is real, sent to the devnet with anvil keys.

revertChainAfterEachTest();
const session = userSessions();

/** A proposal of `repayNow` for NEAR_LIQUIDATION (approve USDC to the Pool, then repay), approved for signing. */
async function approvedProposal(s: Session): Promise<Transaction> {
  const { proposal } = await approvedRepayProposal(s);
  expect(proposal.steps).toHaveLength(2);
  return proposal;
}

const submit = (s: Session, id: string, txHashes: string[]) =>
  call(`/transactions/${id}/submitted`, { method: "POST", token: s.token, json: { txHashes } });

/** The step sent by anvil account `index` (the user's wallet signing it). */
const sendStep = (index: number, step: TransactionStep) =>
  send(index, step.to as Hex, step.data as Hex, step.gas);

async function expectRefused(
  response: Response,
  reason: string,
): Promise<{ message: string; details: Record<string, unknown> }> {
  expect(response.status, await response.clone().text()).toBe(409);
  const error = await errorOf(response);
  expect(error.code).toBe("conflict");
  expect(error.details?.reason).toBe(reason);
  return { message: error.message, details: error.details ?? {} };
}

/**
 * Two rules with the same repay (their own triggers, both holding at HF 1.05): the same tick plans identical steps for both. Both approved, and `a`'s steps
 * sent by the user: those hashes fit `b` as well.
 */
async function twinProposalsSent(s: Session): Promise<{ a: Transaction; b: Transaction; hashes: Hex[] }> {
  const first = await createRule(s, repayNow);
  const second = await createRule(s, {
    ...repayNow,
    name: "Keep HF up (twin)",
    trigger: { type: "health_factor_below", value: 1.15 },
  });
  await tick(s);
  const [a] = await proposalsOf(s, first.id);
  const [b] = await proposalsOf(s, second.id);
  expect(b!.steps.map((step) => [step.to, step.data])).toEqual(a!.steps.map((step) => [step.to, step.data]));
  for (const p of [a!, b!])
    expect((await call(`/transactions/${p.id}/approve`, { method: "POST", token: s.token })).status).toBe(
      200,
    );
  const hashes: Hex[] = [];
  for (const step of a!.steps) hashes.push(await sendStep(NEAR_LIQUIDATION, step));
  return { a: a!, b: b!, hashes };
}

async function notificationTitles(s: Session, transactionId: string): Promise<string[]> {
  return (await messagesOf(s)).flatMap((m) =>
    m.type === "notification" && m.payload.transactionId === transactionId ? [m.payload.title] : [],
  );
}

describe("POST /transactions/{id}/submitted: hash lists that cannot be the steps", () => {
  it("refuses fewer hashes, more hashes and the same hash twice; the proposal stays approved", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const proposal = await approvedProposal(user);
    const first = await sendStep(NEAR_LIQUIDATION, proposal.steps[0]!);

    const fewer = await expectRefused(await submit(user, proposal.id, [first]), "hash_count");
    expect(fewer.message).toBe("The proposal has 2 steps but 1 hash was sent: send exactly one per step.");
    expect(fewer.details).toMatchObject({ expected: 2, actual: 1 });

    const zero = `0x${"0".repeat(64)}`;
    const more = await expectRefused(await submit(user, proposal.id, [first, zero, zero]), "hash_count");
    expect(more.details).toMatchObject({ expected: 2, actual: 3 });

    const twice = await expectRefused(await submit(user, proposal.id, [first, first]), "duplicate_hash");
    expect(twice.message).toBe(`Steps 1 and 2 were reported with the same hash ${first}.`);

    const after = await transactionOf(user, proposal.id);
    expect(after).toMatchObject({ status: "approved", txHashes: [] });
  });
});

describe("POST /transactions/{id}/submitted: transactions that are not the steps", () => {
  it("refuses an unrelated successful transaction, the right `to` with other calldata, and another sender's", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const proposal = await approvedProposal(user);
    const [approveStep, repayStep] = proposal.steps as [TransactionStep, TransactionStep];
    const usdc = devnetDeployment.reserves.USDC.underlying;
    const pool = devnetDeployment.contracts.pool;

    // The user's own successful transaction, unrelated to the proposal: approving the Pool for DAI.
    const unrelated = await send(
      NEAR_LIQUIDATION,
      devnetDeployment.reserves.DAI.underlying,
      encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [pool, 1n] }),
      "100000",
    );
    expect((await chain.getTransactionReceipt({ hash: unrelated })).status).toBe("success");
    // The right contract (USDC) with other calldata: an approval of 1 unit instead of the repay amount.
    const otherCalldata = await send(
      NEAR_LIQUIDATION,
      usdc,
      encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [pool, 1n] }),
      "100000",
    );
    // Exactly the step's call, but signed by someone else.
    const otherSender = await sendStep(RESTAKER, approveStep);
    expect((await chain.getTransactionReceipt({ hash: otherSender })).status).toBe("success");
    // The real repay step is not sent: nothing below may get that far.
    const fakeSecond = unrelated;

    const cases: [string, Hex[], number, string[]][] = [
      ["unrelated", [unrelated, otherCalldata], 0, ["to", "input"]],
      ["other calldata", [otherCalldata, otherSender], 0, ["input"]],
      ["other sender", [otherSender, otherCalldata], 0, ["from"]],
    ];
    for (const [what, hashes, step, fields] of cases) {
      const refused = await expectRefused(await submit(user, proposal.id, hashes), "transaction_mismatch");
      const reports = refused.details.steps as StepMismatchReport[];
      expect(reports[0]?.step, what).toBe(step);
      expect(reports[0]?.hash, what).toBe(hashes[step]);
      expect(
        reports[0]?.mismatches.map((m) => m.field),
        what,
      ).toEqual(fields);
    }
    const sender = await expectRefused(
      await submit(user, proposal.id, [otherSender, otherCalldata]),
      "transaction_mismatch",
    );
    expect(sender.message).toContain(
      `step 1 (${otherSender}): it was sent by ${anvilAccount(RESTAKER).address}, not by you (${user.address})`,
    );
    expect(fakeSecond).not.toBe(repayStep.data);

    const after = await transactionOf(user, proposal.id);
    expect(after).toMatchObject({ status: "approved", txHashes: [] });
    expect(await notificationTitles(user, proposal.id)).toEqual([]);
  });

  it("refuses hashes that already confirmed another proposal (a replay)", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const { a, b, hashes } = await twinProposalsSent(user);
    expect((await submit(user, a.id, hashes)).status).toBe(200);

    const replay = await expectRefused(await submit(user, b.id, hashes), "hash_reused");
    expect(replay.details.transactionId).toBe(a.id);
    expect((await transactionOf(user, b.id)).status).toBe("approved");
  });

  it("refuses the user's own older transactions with the same calldata: sent before the proposal was made", async () => {
    const user = await session(NEAR_LIQUIDATION);
    // A capped repay plans the same steps every time, so yesterday's transactions look exactly like today's.
    const capped = { ...repayNow, guards: { ...repayNow.guards, maxAmountUsd: 100 } };
    const first = await createRule(user, capped);
    await tick(user);
    const [earlier] = await proposalsOf(user, first.id);
    const old: Hex[] = [];
    for (const step of earlier!.steps) old.push(await sendStep(NEAR_LIQUIDATION, step)); // repaid by hand
    await call(`/transactions/${earlier!.id}/reject`, { method: "POST", token: user.token });
    await call(`/rules/${first.id}`, { method: "DELETE", token: user.token });
    await forgetPositions(user);

    const second = await createRule(user, { ...capped, name: "Keep HF up (again)" });
    await tick(user);
    const [proposal] = await proposalsOf(user, second.id);
    expect(proposal!.steps.map((s) => [s.to, s.data])).toEqual(earlier!.steps.map((s) => [s.to, s.data]));
    await call(`/transactions/${proposal!.id}/approve`, { method: "POST", token: user.token });
    const refused = await expectRefused(await submit(user, proposal!.id, old), "transaction_mismatch");
    const steps = refused.details.steps as StepMismatchReport[];
    expect(steps.map((s) => s.mismatches.map((m) => m.field))).toEqual([["nonce"], ["nonce"]]);
    expect(refused.message).toMatch(/it was sent before this proposal was made/);
    expect((await transactionOf(user, proposal!.id)).status).toBe("approved");
    // Sent now, the same calls are this proposal's.
    const fresh: Hex[] = [];
    for (const step of proposal!.steps) fresh.push(await sendStep(NEAR_LIQUIDATION, step));
    expect((await submit(user, proposal!.id, fresh)).status).toBe(200);
  });

  it("two proposals reported at once with the same hashes: one is accepted, the other refused", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const { a, b, hashes } = await twinProposalsSent(user);
    // Both checks for reuse run before either write unless the second check sits right before the write.
    const responses = await Promise.all([submit(user, a.id, hashes), submit(user, b.id, hashes)]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    const statuses = [(await transactionOf(user, a.id)).status, (await transactionOf(user, b.id)).status];
    expect(statuses.sort()).toEqual(["approved", "submitted"]);
  });

  it("a proposal past its expiry is expired when approved, not approved", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const rule = await createRule(user, repayNow);
    await tick(user);
    const [proposal] = await proposalsOf(user, rule.id);
    // Time passes beyond the proposal's expiry before the next tick would expire it.
    await runInDurableObject(stubOf(user), async (_instance, state) => {
      state.storage.sql.exec(
        "UPDATE transactions SET expires_at = ? WHERE id = ?",
        Date.now() - 1000,
        proposal!.id,
      );
    });
    const approve = await call(`/transactions/${proposal!.id}/approve`, {
      method: "POST",
      token: user.token,
    });
    expect(approve.status).toBe(409);
    expect((await errorOf(approve)).details?.reason).toBe("expired");
    expect((await transactionOf(user, proposal!.id)).status).toBe("expired");
  });

  it("accepts the real transactions, and the next tick confirms them", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const proposal = await approvedProposal(user);
    const hashes: Hex[] = [];
    for (const step of proposal.steps) hashes.push(await sendStep(NEAR_LIQUIDATION, step));
    const accepted = await submit(user, proposal.id, hashes);
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    expect(((await accepted.json()) as Transaction).status).toBe("submitted");
    await tick(user);
    expect(await transactionOf(user, proposal.id)).toMatchObject({ status: "confirmed", txHashes: hashes });
    expect(await notificationTitles(user, proposal.id)).toEqual(["Repayment complete"]);
  });
});

describe("the receipt watcher matches again what the chain did not know at submission", () => {
  it("hashes not yet on the chain are accepted; once mined as the steps, they confirm", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const proposal = await approvedProposal(user);
    const nonce = await chain.getTransactionCount({ address: user.address });
    const signed = [
      await signStep(NEAR_LIQUIDATION, proposal.steps[0]!, proposal.steps[0]!.data as Hex, nonce),
      await signStep(NEAR_LIQUIDATION, proposal.steps[1]!, proposal.steps[1]!.data as Hex, nonce + 1),
    ];
    const accepted = await submit(
      user,
      proposal.id,
      signed.map((s) => s.hash),
    );
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    await tick(user);
    expect((await transactionOf(user, proposal.id)).status).toBe("submitted");
    for (const s of signed) await s.broadcast();
    // The next tick reads the receipts (the runtime may be running the alarm itself: tick until it has run).
    await expect
      .poll(
        async () => {
          await tick(user);
          return (await transactionOf(user, proposal.id)).status;
        },
        { timeout: 5_000 },
      )
      .toBe("confirmed");
    expect(await notificationTitles(user, proposal.id)).toEqual(["Repayment complete"]);
  });

  it("a mismatch found by the watcher ends the proposal failed with the reason: no success, no cooldown", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const rule = await createRule(user, repayNow);
    await tick(user);
    const [proposal] = await proposalsOf(user, rule.id);
    expect((await ruleOf(user, rule.id)).lastExecutedAt).not.toBeNull();
    expect(
      (await call(`/transactions/${proposal!.id}/approve`, { method: "POST", token: user.token })).status,
    ).toBe(200);
    const [approveStep, repayStep] = proposal!.steps as [TransactionStep, TransactionStep];
    // The second transaction calls the Pool, as the step does, but with other calldata (an approval of 1 unit).
    const other = encodeFunctionData({
      abi: erc20Abi,
      functionName: "approve",
      args: [devnetDeployment.contracts.pool, 1n],
    });
    const nonce = await chain.getTransactionCount({ address: user.address });
    const signed = [
      await signStep(NEAR_LIQUIDATION, approveStep, approveStep.data as Hex, nonce),
      await signStep(NEAR_LIQUIDATION, repayStep, other, nonce + 1),
    ];
    const accepted = await submit(
      user,
      proposal!.id,
      signed.map((s) => s.hash),
    );
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    for (const s of signed) await s.broadcast();

    await tick(user);
    const failed = await transactionOf(user, proposal!.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toBe(
      `the transactions reported are not this proposal's steps: step 2 (${signed[1]!.hash}): its calldata ` +
        `${other.slice(0, 14)}…${other.slice(-8)} (68 bytes) is not the step's ` +
        `${repayStep.data.slice(0, 14)}…${repayStep.data.slice(-8)} (${(repayStep.data.length - 2) / 2} bytes)`,
    );
    const titles = await notificationTitles(user, proposal!.id);
    expect(titles).toEqual([`Transaction failed: ${failed.error}`]);
    expect(titles).not.toContain("Repayment complete");
    const updates = (await messagesOf(user)).flatMap((m) =>
      m.type === "tx_update" && m.payload.transaction.id === proposal!.id
        ? [m.payload.transaction.status]
        : [],
    );
    expect(updates).toEqual(["approved", "submitted", "failed"]);

    // No cooldown: the same tick, right after the watcher, proposed again (the trigger still holds).
    const proposals = await proposalsOf(user, rule.id);
    expect(proposals.map((p) => p.status)).toEqual(["pending", "failed"]);
    expect(proposals[0]!.id).not.toBe(proposal!.id);
    const sent = (await messagesOf(user)).filter(
      (m) => m.type === "tx_proposal" && m.payload.transaction.ruleId === rule.id,
    );
    expect(sent).toHaveLength(2);
    expect((await ruleOf(user, rule.id)).executionCount).toBe(2);
  });
});
