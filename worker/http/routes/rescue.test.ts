import { createWalletClient, erc20Abi, http, parseUnits } from "viem";
import { describe, expect, it } from "vitest";
import { devnetDeployment } from "../../../shared/chains/devnet";
import type { Transaction, TransactionList } from "../../../shared/schemas/transactions";
import {
  BORROWER,
  balanceOf,
  executeProposal,
  messagesOf,
  onChainHealthFactor,
  type Session,
  transactionOf,
  userSessions,
  WHALE,
} from "../../test/automation";
import { chain, revertChainAfterEachTest, rpcUrl } from "../../test/devnet";
import { anvilAccount, call, errorOf } from "../../test/helpers";

// POST /transactions/rescue over the devnet: the seeded borrower (10 WETH, 21,260 DAI debt and the borrowed DAI in
// its wallet, HF ≈ 1.30) asks for the way back to a safer health factor.

revertChainAfterEachTest();
const session = userSessions();
const DAI = devnetDeployment.reserves.DAI.underlying;

const repayTo = (targetHealthFactor: number) => ({
  chainId: 31337,
  action: "repay",
  asset: "DAI",
  targetHealthFactor,
});

async function rescue(s: Session, body: unknown): Promise<Response> {
  return call("/transactions/rescue", { method: "POST", token: s.token, json: body });
}

async function created(s: Session, body: unknown): Promise<Transaction> {
  const response = await rescue(s, body);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Transaction;
}

/** Leaves `keep` DAI in the borrower's wallet (the rest goes to another account). */
async function keepDai(s: Session, keep: bigint): Promise<void> {
  const wallet = createWalletClient({ account: anvilAccount(s.index), transport: http(rpcUrl) });
  const held = await balanceOf(DAI, s.address);
  const hash = await wallet.writeContract({
    chain: null,
    address: DAI,
    abi: erc20Abi,
    functionName: "transfer",
    args: [anvilAccount(WHALE).address, held - keep],
    gas: 100_000n,
  });
  await chain.waitForTransactionReceipt({ hash });
}

describe("POST /transactions/rescue", () => {
  it("proposes a simulated repay that brings the health factor to the target, signed like a rule's", async () => {
    const s = await session(BORROWER);
    const before = await onChainHealthFactor(s.address);
    expect(before).toBeGreaterThan(1.25);
    expect(before).toBeLessThan(1.35);

    const proposal = await created(s, repayTo(1.5));
    expect(proposal).toMatchObject({ ruleId: null, status: "pending", chainId: 31337 });
    expect(proposal.title).toMatch(/^Repay [\d,.]+ DAI on Aave$/);
    expect(proposal.steps.map((step) => step.to.toLowerCase())).toEqual([
      DAI.toLowerCase(),
      devnetDeployment.contracts.pool.toLowerCase(),
    ]);
    const preview = proposal.preview!;
    expect(preview.action).toBe("repay");
    expect(preview.simulation.ok).toBe(true);
    expect(preview.healthFactor.before).toBeCloseTo(before, 2);
    expect(preview.healthFactor.after).toBeCloseTo(1.5, 2);
    // Repaying x of the debt D at HF h: h·D/(D − x) = 1.5 → x = D(1 − h/1.5), about 2,800 DAI here.
    expect(preview.amount).toBeGreaterThan(2_500);
    expect(preview.amount).toBeLessThan(3_200);
    expect(preview.reason).toContain("1.5");
    // The client learns about it like a rule's proposal.
    expect(
      (await messagesOf(s)).some((m) => m.type === "tx_proposal" && m.payload.transaction.id === proposal.id),
    ).toBe(true);

    // The steps simulate again right before signing.
    const simulated = await call(`/transactions/${proposal.id}/simulate`, { method: "POST", token: s.token });
    expect(simulated.status, await simulated.clone().text()).toBe(200);

    const done = await executeProposal(s, proposal);
    expect(done.status).toBe("confirmed");
    const after = await onChainHealthFactor(s.address);
    expect(after).toBeGreaterThanOrEqual(1.495);
    expect(after).toBeLessThan(1.52);
  });

  it("returns the open rescue while it is open, and a new one once it ended", async () => {
    const s = await session(BORROWER);
    const first = await created(s, repayTo(1.5));
    const again = await rescue(s, repayTo(1.6));
    expect(again.status).toBe(200);
    expect(((await again.json()) as Transaction).id).toBe(first.id);
    const list = (await (
      await call("/transactions?status=pending", { token: s.token })
    ).json()) as TransactionList;
    expect(list.transactions.filter((t) => t.ruleId === null).map((t) => t.id)).toEqual([first.id]);

    const supply = await created(s, {
      chainId: 31337,
      action: "supply",
      asset: "DAI",
      targetHealthFactor: 1.5,
    });
    expect(supply.id).not.toBe(first.id);
    expect(supply.preview?.action).toBe("supply_collateral");

    const rejected = await call(`/transactions/${first.id}/reject`, { method: "POST", token: s.token });
    expect(rejected.status).toBe(200);
    const next = await created(s, repayTo(1.6));
    expect(next.id).not.toBe(first.id);
    expect(next.preview?.healthFactor.after).toBeCloseTo(1.6, 2);
    expect((await transactionOf(s, first.id)).status).toBe("rejected");
  });

  it("refuses a rescue the wallet cannot pay for, saying how much is missing", async () => {
    const s = await session(BORROWER);
    await keepDai(s, parseUnits("1000", 18));
    const response = await rescue(s, repayTo(1.5));
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect(error.message).toMatch(
      /^Your wallet holds 1,000 DAI: [\d.,]+ DAI more is needed to bring the health factor to 1.5/,
    );
    const missing = BigInt((error.details as { missingRaw: string }).missingRaw);
    expect(missing).toBeGreaterThan(parseUnits("1500", 18));
    expect(missing).toBeLessThan(parseUnits("2200", 18));

    const nothing = await rescue(s, {
      chainId: 31337,
      action: "supply",
      asset: "wstETH",
      targetHealthFactor: 1.5,
    });
    expect(nothing.status).toBe(422);
    // With what to try: how much to put in the wallet, or the other way out.
    expect((await errorOf(nothing)).message).toMatch(
      /^Your wallet holds no wstETH to supply\. Put [\d,.]+ wstETH in your wallet to reach health factor 1\.5, or repay some debt\.$/,
    );
    const noDebt = await rescue(s, {
      chainId: 31337,
      action: "repay",
      asset: "USDC",
      targetHealthFactor: 1.5,
    });
    expect(noDebt.status).toBe(422);
    expect((await errorOf(noDebt)).message).toBe("You have no USDC debt on Aave to repay.");
  });

  it("refuses bad input with 400 and what is wrong", async () => {
    const s = await session(BORROWER);
    const cases: [unknown, string][] = [
      [{ ...repayTo(1.5), action: "withdraw" }, "action"],
      [repayTo(0.9), "targetHealthFactor"],
      [{ ...repayTo(1.5), chainId: 1 }, "chainId"],
      [{ ...repayTo(1.5), asset: "NOPE" }, "asset"],
      [{ chainId: 31337, action: "repay", asset: "DAI" }, "targetHealthFactor"],
      [{ ...repayTo(1.5), extra: true }, ""],
    ];
    for (const [body, path] of cases) {
      const response = await rescue(s, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe("validation_failed");
      if (path) expect(JSON.stringify(error.details), JSON.stringify(body)).toContain(path);
    }
    expect((await call("/transactions/rescue", { method: "POST", json: repayTo(1.5) })).status).toBe(401);
  });
});
