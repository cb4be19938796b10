import { runInDurableObject } from "cloudflare:test";
import type { Hex } from "viem";
import { describe, expect, it } from "vitest";
import { strategyAbi, strategyManagerAbi } from "../../../../shared/abis";
import { devnetDeployment } from "../../../../shared/chains/devnet";
import {
  approvedRepayProposal,
  balanceOf,
  createRule,
  executeProposal,
  messagesOf,
  NEAR_LIQUIDATION,
  proposalsOf,
  RESTAKER,
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
import { call } from "../../../test/helpers";
import { RECEIPT_TIMEOUT_MS } from "./receipts";

// What the receipt watcher makes of submitted proposals, end to end over the devnet: an on-chain revert, a receipt
// that never comes, and a rebalance into EigenLayer carried through to "complete".

revertChainAfterEachTest();
const session = userSessions();

async function submit(s: Session, id: string, txHashes: Hex[]) {
  const response = await call(`/transactions/${id}/submitted`, {
    method: "POST",
    token: s.token,
    json: { txHashes },
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** Notifications and status updates about one proposal, in outbox order. */
type HistoryEntry = string | { level: string; title: string; message: string };

async function historyOf(s: Session, id: string): Promise<HistoryEntry[]> {
  return (await messagesOf(s)).flatMap((m): HistoryEntry[] => {
    if (m.type === "notification" && m.payload.transactionId === id)
      return [{ level: m.payload.level, title: m.payload.title, message: m.payload.message }];
    if (m.type === "tx_update" && m.payload.transaction.id === id) return [m.payload.transaction.status];
    return [];
  });
}

describe("receipt watcher", () => {
  it("a step that reverts on-chain ends the proposal failed, naming the step, with an error notification", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const { proposal, ruleId } = await approvedRepayProposal(user);
    const [approveStep, repayStep] = proposal.steps;
    const approveHash = await send(
      NEAR_LIQUIDATION,
      approveStep!.to as Hex,
      approveStep!.data as Hex,
      approveStep!.gas,
    );
    // The repay exactly as proposed, but with too little gas to finish: mined, and reverted.
    const repayHash = await send(NEAR_LIQUIDATION, repayStep!.to as Hex, repayStep!.data as Hex, "60000");
    expect((await chain.getTransactionReceipt({ hash: repayHash })).status).toBe("reverted");
    await submit(user, proposal.id, [approveHash, repayHash]);

    await tick(user);
    const failed = await transactionOf(user, proposal.id);
    const reason = `step 2 reverted on-chain (${repayHash})`;
    expect(failed).toMatchObject({ status: "failed", error: reason, txHashes: [approveHash, repayHash] });
    expect(await historyOf(user, proposal.id)).toEqual([
      "approved",
      "submitted",
      "failed",
      { level: "error", title: `Transaction failed: ${reason}`, message: proposal.title },
    ]);
    // A real attempt that reverted keeps the rule's cooldown: no new proposal at once.
    await tick(user);
    expect((await proposalsOf(user, ruleId)).map((p) => p.status)).toEqual(["failed"]);
    expect((await ruleOf(user, ruleId)).executionCount).toBe(1);
  });

  it("transactions never mined within an hour end the proposal failed", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const { proposal } = await approvedRepayProposal(user);
    // Signed by the user's key but never broadcast: the chain never sees them.
    const nonce = await chain.getTransactionCount({ address: user.address });
    const signed = await Promise.all(
      proposal.steps.map((step, i) => signStep(NEAR_LIQUIDATION, step, step.data as Hex, nonce + i)),
    );
    await submit(
      user,
      proposal.id,
      signed.map((s) => s.hash),
    );
    await tick(user);
    expect((await transactionOf(user, proposal.id)).status).toBe("submitted");

    // Just inside the hour: still waiting. Just past it: failed.
    const submittedAt = async (msAgo: number) =>
      runInDurableObject(stubOf(user), (_i, state) => {
        state.storage.sql.exec(
          "UPDATE transactions SET updated_at = ? WHERE id = ?",
          Date.now() - msAgo,
          proposal.id,
        );
      });
    await submittedAt(RECEIPT_TIMEOUT_MS - 60_000);
    await tick(user);
    expect((await transactionOf(user, proposal.id)).status).toBe("submitted");
    await submittedAt(RECEIPT_TIMEOUT_MS + 1000);
    await tick(user);
    expect(await transactionOf(user, proposal.id)).toMatchObject({
      status: "failed",
      error: "not mined within an hour",
    });
    expect(await historyOf(user, proposal.id)).toEqual([
      "approved",
      "submitted",
      "failed",
      { level: "error", title: "Transaction failed: not mined within an hour", message: proposal.title },
    ]);
  });
});

describe("a rebalance into EigenLayer, executed", () => {
  it("withdraws wstETH from Aave, deposits it in the strategy, and ends confirmed with 'Rebalancing complete'", async () => {
    const user = await session(RESTAKER);
    const strategy = devnetDeployment.eigenLayer.strategies.wstETH;
    const wstEth = devnetDeployment.reserves.wstETH;
    const shares = () =>
      chain.readContract({
        address: devnetDeployment.eigenLayer.strategyManager,
        abi: strategyManagerAbi,
        functionName: "stakerDepositShares",
        args: [user.address, strategy],
      });
    const aTokenBalance = () => balanceOf(wstEth.aToken, user.address);
    const [sharesBefore, suppliedBefore, walletBefore] = await Promise.all([
      shares(),
      aTokenBalance(),
      balanceOf(wstEth.underlying, user.address),
    ]);

    const rule = await createRule(user, {
      name: "Restake wstETH",
      // Holds at once: USDC pays far less than 100 % on the devnet.
      trigger: { type: "apy_below", protocol: "aave", asset: "USDC", chainId: 31337, percent: 100 },
      action: { type: "rebalance", chainId: 31337, asset: "wstETH" },
      guards: { maxAmountUsd: 5000 },
    });
    await tick(user);
    const [proposal] = await proposalsOf(user, rule.id);
    expect(proposal, (await ruleOf(user, rule.id)).lastError ?? "").toBeDefined();
    const amount = BigInt(proposal!.preview!.amountRaw);
    expect(amount).toBeGreaterThan(0n);
    expect(proposal!.title).toMatch(/^Restake [\d.,]+ wstETH from Aave in EigenLayer$/);

    const done = await executeProposal(user, proposal!);
    expect(done.status, done.error ?? "").toBe("confirmed");
    const deposited = (await shares()) - sharesBefore;
    expect(deposited).toBeGreaterThan(0n);
    const depositedUnderlying = await chain.readContract({
      address: strategy,
      abi: strategyAbi,
      functionName: "sharesToUnderlyingView",
      args: [deposited],
    });
    expect(depositedUnderlying).toBe(amount);
    // Supplied on Aave fell by the amount (give or take the interest accrued in between); the wallet is unchanged.
    const withdrawn = suppliedBefore - (await aTokenBalance());
    expect(withdrawn <= amount && withdrawn > amount - amount / 10_000n).toBe(true);
    expect(await balanceOf(wstEth.underlying, user.address)).toBe(walletBefore);
    expect(await historyOf(user, proposal!.id)).toEqual([
      "approved",
      "submitted",
      "confirmed",
      {
        level: "success",
        title: "Rebalancing complete",
        message: `${proposal!.title}: confirmed on-chain.`,
      },
    ]);
  });
});
