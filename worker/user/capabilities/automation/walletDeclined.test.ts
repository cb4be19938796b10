import { runInDurableObject } from "cloudflare:test";
import { encodeFunctionData, erc20Abi, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { devnetDeployment } from "../../../../shared/chains/devnet";
import type { Transaction, TransactionStep } from "../../../../shared/schemas/transactions";
import {
  approvedRepayProposal,
  messagesOf,
  NEAR_LIQUIDATION,
  proposalsOf,
  type Session,
  send,
  stubOf,
  tick,
  transactionOf,
  userSessions,
} from "../../../test/automation";
import { revertChainAfterEachTest } from "../../../test/devnet";
import { call, errorOf } from "../../../test/helpers";

// POST /transactions/{id}/wallet-rejected: a wallet's "declined" (4001) is a claim the page relaying the wallet can
// make up. It must not end a protective proposal: it stays approved and re-signable, resuming after the steps the
// chain shows as mined. Every transaction here is real, sent to the devnet with anvil keys.

revertChainAfterEachTest();
const session = userSessions();

const declined = (s: Session, id: string, json: unknown) =>
  call(`/transactions/${id}/wallet-rejected`, { method: "POST", token: s.token, json });

const submit = (s: Session, id: string, txHashes: string[]) =>
  call(`/transactions/${id}/submitted`, { method: "POST", token: s.token, json: { txHashes } });

const sendStep = (step: TransactionStep) =>
  send(NEAR_LIQUIDATION, step.to as Hex, step.data as Hex, step.gas);

async function refusedWith(response: Response, reason: string): Promise<string> {
  expect(response.status, await response.clone().text()).toBe(409);
  const error = await errorOf(response);
  expect(error.details?.reason).toBe(reason);
  return error.message;
}

/** What the user heard about the proposal: tx_update statuses and notifications, in order. */
type Told = string | { level: string; title: string; message: string };

async function toldAbout(s: Session, id: string): Promise<Told[]> {
  return (await messagesOf(s)).flatMap((m): Told[] => {
    if (m.type === "tx_update" && m.payload.transaction.id === id)
      return [`${m.payload.transaction.status}:${m.payload.transaction.declinedStep}`];
    if (m.type === "notification" && m.payload.transactionId === id)
      return [{ level: m.payload.level, title: m.payload.title, message: m.payload.message }];
    return [];
  });
}

describe("POST /transactions/{id}/wallet-rejected", () => {
  it("a decline of the first step keeps the proposal approved and says so once; signing again sends it", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const { proposal } = await approvedRepayProposal(user);

    const response = await declined(user, proposal.id, { stepIndex: 0 });
    expect(response.status, await response.clone().text()).toBe(200);
    const error = "Your wallet declined it; nothing was sent. Sign again, or reject it.";
    expect(await response.json()).toMatchObject({ status: "approved", declinedStep: 0, txHashes: [], error });
    expect(await toldAbout(user, proposal.id)).toEqual([
      "approved:null",
      "approved:0",
      {
        level: "warning",
        title: "Your wallet declined the transaction",
        message: `${proposal.title}: ${error}`,
      },
    ]);
    // Still the rule's open proposal: the next tick neither ends nor duplicates it.
    await tick(user);
    expect(await proposalsOf(user, proposal.ruleId!)).toHaveLength(1);
    expect((await transactionOf(user, proposal.id)).status).toBe("approved");

    // Signed again: the steps go through and the decline is over.
    const hashes: Hex[] = [];
    for (const step of proposal.steps) hashes.push(await sendStep(step));
    const sent = await submit(user, proposal.id, hashes);
    expect(sent.status, await sent.clone().text()).toBe(200);
    expect(await sent.json()).toMatchObject({ status: "submitted", declinedStep: null, error: null });
    await tick(user);
    expect((await transactionOf(user, proposal.id)).status).toBe("confirmed");
    // A decline reported for a proposal no longer being signed changes nothing.
    await refusedWith(await declined(user, proposal.id, { stepIndex: 0 }), "invalid_transition");
  });

  it("a decline of step 2 keeps step 1's verified hash; the re-simulation and the signing resume from step 2", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const { proposal } = await approvedRepayProposal(user);
    const [approveStep, repayStep] = proposal.steps as [TransactionStep, TransactionStep];
    const approveHash = await sendStep(approveStep);

    const response = await declined(user, proposal.id, { stepIndex: 1, txHashes: [approveHash] });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "approved",
      declinedStep: 1,
      txHashes: [approveHash.toLowerCase()],
      error:
        "Your wallet declined step 2 of 2; it was not sent. Step 1 is on chain: signing again continues from step 2.",
    });

    // The approval is on chain: only the repay is simulated (it would still pass alone).
    const simulated = await call(`/transactions/${proposal.id}/simulate`, {
      method: "POST",
      token: user.token,
    });
    expect(simulated.status, await simulated.clone().text()).toBe(200);
    const preview = ((await simulated.json()) as Transaction).preview!;
    expect(preview.simulation.gasUsed).toHaveLength(2);
    expect(preview.simulation.gasUsed[0]).toBe(proposal.preview!.simulation.gasUsed[0]);

    const repayHash = await sendStep(repayStep);
    const sent = await submit(user, proposal.id, [approveHash, repayHash]);
    expect(sent.status, await sent.clone().text()).toBe(200);
    await tick(user);
    expect(await transactionOf(user, proposal.id)).toMatchObject({ status: "confirmed", declinedStep: null });
  });

  it("refuses bad input and earlier-step hashes the chain does not back; nothing changes", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const { proposal } = await approvedRepayProposal(user);
    const [approveStep] = proposal.steps as [TransactionStep, TransactionStep];

    expect((await declined(user, proposal.id, { stepIndex: -1 })).status).toBe(400);
    expect((await declined(user, proposal.id, { stepIndex: "0" })).status).toBe(400);
    expect((await declined(user, proposal.id, { stepIndex: 0, txHashes: ["0x12"] })).status).toBe(400);
    expect(await refusedWith(await declined(user, proposal.id, { stepIndex: 2 }), "no_such_step")).toBe(
      "The proposal has 2 steps; there is no step 3.",
    );
    expect(await refusedWith(await declined(user, proposal.id, { stepIndex: 1 }), "hash_count")).toBe(
      "Step 2 was declined, so 1 hash of the steps before it must be sent, not 0.",
    );

    // A hash no node knows (a page can name any): step 1 cannot be skipped on its word.
    const unknown = `0x${"ab".repeat(32)}`;
    expect(
      await refusedWith(
        await declined(user, proposal.id, { stepIndex: 1, txHashes: [unknown] }),
        "step_not_sent",
      ),
    ).toBe(`Step 1 (${unknown}) is not mined on chain: it cannot be skipped.`);

    // The user's own successful transaction that is not step 1 (an approval of DAI, not USDC).
    const pool = devnetDeployment.contracts.pool;
    const unrelated = await send(
      NEAR_LIQUIDATION,
      devnetDeployment.reserves.DAI.underlying,
      encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [pool, 1n] }),
    );
    await refusedWith(
      await declined(user, proposal.id, { stepIndex: 1, txHashes: [unrelated] }),
      "transaction_mismatch",
    );
    // Step 1 reverted on chain (sent with too little gas): no approval to build on.
    const reverted = await send(NEAR_LIQUIDATION, approveStep.to as Hex, approveStep.data as Hex, "30000");
    expect(
      await refusedWith(
        await declined(user, proposal.id, { stepIndex: 1, txHashes: [reverted] }),
        "step_not_sent",
      ),
    ).toBe(`Step 1 (${reverted}) reverted on chain: it cannot be skipped.`);

    expect(await transactionOf(user, proposal.id)).toMatchObject({
      status: "approved",
      declinedStep: null,
      txHashes: [],
      error: null,
    });
    expect((await toldAbout(user, proposal.id)).filter((m) => typeof m !== "string")).toEqual([]);
  });

  it("a declined proposal still expires on the tick; the user is told which step is on chain", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const { proposal } = await approvedRepayProposal(user);
    const approveHash = await sendStep(proposal.steps[0]!);
    expect((await declined(user, proposal.id, { stepIndex: 1, txHashes: [approveHash] })).status).toBe(200);
    await runInDurableObject(stubOf(user), (_i, state) => {
      state.storage.sql.exec(
        "UPDATE transactions SET expires_at = ? WHERE id = ?",
        Date.now() - 1000,
        proposal.id,
      );
    });
    await tick(user);
    expect(await transactionOf(user, proposal.id)).toMatchObject({ status: "expired", declinedStep: null });
    const told = await toldAbout(user, proposal.id);
    expect(told.at(-1)).toEqual({
      level: "info",
      title: "Proposal expired",
      message: `${proposal.title}: it was not approved in time. Step 1 was sent; the action itself did not happen.`,
    });
    await refusedWith(await declined(user, proposal.id, { stepIndex: 0 }), "invalid_transition");
  });
});
