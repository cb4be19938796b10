import { createWalletClient, http, parseAbi } from "viem";
import { describe, expect, it } from "vitest";
import { devnetDeployment } from "../../../../shared/chains/devnet";
import type { Portfolio } from "../../../../shared/schemas/portfolio";
import type { Transaction } from "../../../../shared/schemas/transactions";
import {
  assetTermsOf,
  createRule,
  executeProposal,
  forgetPositions,
  NEAR_LIQUIDATION,
  onChainHealthFactor,
  proposalsOf,
  repayNow,
  setPriceUsd,
  tick,
  userSessions,
} from "../../../test/automation";
import { chain, revertChainAfterEachTest, rpcUrl } from "../../../test/devnet";
import { anvilAccount, call, errorOf } from "../../../test/helpers";

revertChainAfterEachTest();
const session = userSessions();

describe("re-simulating a proposal right before signing", () => {
  it("reads the health factor from the chain again: today's HF and what the amount does to it, next to the worked-out figures", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const rule = await createRule(user, repayNow);
    await tick(user);
    const [proposal] = await proposalsOf(user, rule.id);
    const workedOut = proposal!.preview!.healthFactor;
    expect(workedOut.after).toBeCloseTo(1.3, 2);
    expect(proposal!.preview!.recheck).toBeUndefined();

    // The market moves between the proposal and the signature: WETH, the collateral, falls 12 %.
    const weth = await assetTermsOf("WETH");
    await setPriceUsd("WETH", (Number(weth.price) / 1e8) * 0.88);
    const hfNow = await onChainHealthFactor(user.address);
    expect(hfNow).toBeLessThan(1);

    const response = await call(`/transactions/${proposal!.id}/simulate`, {
      method: "POST",
      token: user.token,
    });
    expect(response.status).toBe(200);
    const rechecked = (await response.json()) as Transaction;
    const recheck = rechecked.preview!.recheck!;
    // The worked-out figures stay as they were; the recheck is the chain's now.
    expect(rechecked.preview!.healthFactor).toEqual(workedOut);
    expect(recheck.healthFactor.before).toBeCloseTo(hfNow, 4);
    expect(Number(recheck.blockNumber)).toBeGreaterThan(0);

    // The risk on today's figures is the dashboard's number for the same account (one history, one model), and
    // what the amount leaves now is riskier than what it was worked out to leave.
    await forgetPositions(user);
    const portfolio = (await (await call("/portfolios", { token: user.token })).json()) as Portfolio;
    if (portfolio.risk.status !== "ok") throw new Error(`no dashboard forecast: ${portfolio.risk.reason}`);
    expect(recheck.risk?.before).toBe(portfolio.risk.probability);
    expect(recheck.risk?.after).toBeGreaterThan(proposal!.preview!.risk.after!);
    expect(recheck.risk?.after).toBeLessThan(recheck.risk!.before!);

    // What it said signing would leave is what signing leaves.
    const done = await executeProposal(user, rechecked);
    expect(done.status).toBe("confirmed");
    const hfAfter = await onChainHealthFactor(user.address);
    expect(recheck.healthFactor.after).toBeCloseTo(hfAfter, 3);
    expect(recheck.healthFactor.after!).toBeLessThan(workedOut.after! - 0.1);
  });

  it("a reserve Aave paused since the proposal: 409 stale, saying in words what Aave refuses", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const rule = await createRule(user, repayNow);
    await tick(user);
    const [proposal] = await proposalsOf(user, rule.id);
    const admin = createWalletClient({ account: anvilAccount(0), transport: http(rpcUrl) });
    const hash = await admin.writeContract({
      chain: null,
      address: devnetDeployment.contracts.poolConfigurator,
      abi: parseAbi(["function setReservePause(address asset, bool paused)"]),
      functionName: "setReservePause",
      args: [devnetDeployment.reserves.USDC.underlying, true],
      gas: 500_000n,
    });
    expect((await chain.waitForTransactionReceipt({ hash })).status).toBe("success");

    const response = await call(`/transactions/${proposal!.id}/simulate`, {
      method: "POST",
      token: user.token,
    });
    expect(response.status).toBe(409);
    expect((await errorOf(response)).message).toMatch(
      /stale: step 2 would fail now because Aave has paused its USDC market, so nobody can supply, repay or withdraw USDC until Aave resumes it \(Aave error 29\)/,
    );
  });
});
