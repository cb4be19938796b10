import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createWalletClient, http, parseUnits } from "viem";
import { describe, expect, it } from "vitest";
import { rateToApy } from "../../shared/aave";
import { poolAbi } from "../../shared/abis";
import { devnetChainConfig, devnetDeployment } from "../../shared/chains/devnet";
import type { Rule, RuleCreateInput } from "../../shared/schemas/rules";
import type { Transaction } from "../../shared/schemas/transactions";
import { publicClientFor } from "../chain/client";
import {
  createRule,
  messagesOf,
  onChainHealthFactor,
  proposalsOf,
  ruleOf,
  send,
  setPriceUsd,
  stubOf,
  tick,
  userSessions,
} from "../test/automation";
import { chain, revertChainAfterEachTest, rpcUrl } from "../test/devnet";
import { anvilAccount, call, errorOf } from "../test/helpers";
import { AutomationCapability } from "../user/capabilities/automation";
import { RulesCapability } from "../user/capabilities/rules";
import { TransactionsCapability } from "../user/capabilities/transactions";
import { openUserDb } from "../user/db";

const RESTAKER = 4;
const BORROWER = 2;
const NEAR_LIQUIDATION = 3;
const WHALE = 5;

revertChainAfterEachTest();
const session = userSessions();

async function usdcSupplyApy(): Promise<number> {
  const outcome = await env.MARKET.getByName("31337").aaveMarket(31337);
  if (!outcome.ok) throw new Error(outcome.failure.message);
  const usdc = outcome.value.value.reserves.find(
    (r) => r.underlyingAsset.toLowerCase() === devnetDeployment.reserves.USDC.underlying.toLowerCase(),
  );
  return rateToApy(usdc!.liquidityRate);
}

/** A rule that holds right away for nearLiquidation (HF ≈ 1.05, 13,160 USDC debt and the same in its wallet). */
const repayNow: RuleCreateInput = {
  name: "Keep HF up",
  trigger: { type: "health_factor_below", value: 1.2 },
  action: { type: "repay", chainId: 31337, asset: "USDC", targetHealthFactor: 1.3 },
  guards: { cooldownSeconds: 3600, proposalExpirySeconds: 600, maxGasUsd: 25 },
};

describe("automation: APY trigger with rebalance", () => {
  it("proposes exactly one simulated rebalance once a large supply pushes USDC APY below the threshold", async () => {
    const restaker = await session(RESTAKER);
    const before = await usdcSupplyApy();
    expect(before).toBeGreaterThan(0);
    const rule = await createRule(restaker, {
      name: "Restake when USDC pays little",
      trigger: {
        type: "apy_below",
        protocol: "aave",
        asset: "USDC",
        chainId: 31337,
        percent: before * 100 * 0.75,
      },
      action: { type: "rebalance", chainId: 31337, asset: "wstETH" },
      guards: { maxAmountUsd: 5000 },
    });
    expect(await tick(restaker)).toBe(true);
    expect(await proposalsOf(restaker, rule.id)).toEqual([]);
    expect((await ruleOf(restaker, rule.id)).lastEvaluatedAt).not.toBeNull();

    // The whale doubles USDC liquidity: utilisation and so the supply APY fall.
    const usdc = devnetDeployment.reserves.USDC.underlying;
    const amount = parseUnits("40000000", 6);
    const testErc20 = [
      {
        type: "function",
        name: "mint",
        stateMutability: "nonpayable",
        inputs: [
          { name: "to", type: "address" },
          { name: "amount", type: "uint256" },
        ],
        outputs: [],
      },
      {
        type: "function",
        name: "approve",
        stateMutability: "nonpayable",
        inputs: [
          { name: "s", type: "address" },
          { name: "a", type: "uint256" },
        ],
        outputs: [{ name: "", type: "bool" }],
      },
    ] as const;
    const whale = createWalletClient({ account: anvilAccount(WHALE), transport: http(rpcUrl) });
    for (const [address, abi, functionName, args] of [
      [usdc, testErc20, "mint", [anvilAccount(WHALE).address, amount]],
      [usdc, testErc20, "approve", [devnetDeployment.contracts.pool, amount]],
    ] as const) {
      const hash = await whale.writeContract({
        chain: null,
        address,
        abi,
        functionName,
        args,
        gas: 500_000n,
      } as never);
      await chain.waitForTransactionReceipt({ hash });
    }
    const supplied = await whale.writeContract({
      chain: null,
      address: devnetDeployment.contracts.pool,
      abi: poolAbi,
      functionName: "supply",
      args: [usdc, amount, anvilAccount(WHALE).address, 0],
      gas: 1_000_000n,
    });
    await chain.waitForTransactionReceipt({ hash: supplied });
    await env.MARKET.getByName("31337").invalidate();
    expect(await usdcSupplyApy()).toBeLessThan(before * 0.75);

    await tick(restaker);
    const proposals = await proposalsOf(restaker, rule.id);
    expect(proposals).toHaveLength(1);
    const proposal = proposals[0]!;
    expect(proposal.status).toBe("pending");
    expect(proposal.steps.map((s) => s.to)).toEqual([
      devnetDeployment.contracts.pool,
      devnetDeployment.reserves.wstETH.underlying,
      devnetDeployment.eigenLayer.strategyManager,
    ]);
    expect(proposal.steps.every((s) => BigInt(s.gas ?? "0") > 21_000n)).toBe(true);
    const preview = proposal.preview!;
    expect(preview.simulation.ok).toBe(true);
    expect(preview.simulation.gasUsed).toHaveLength(3);
    expect(preview.gas.costUsd).toBeGreaterThan(0);
    expect(preview.amountUsd).toBeLessThanOrEqual(5000.01);
    expect(preview.healthFactor.after!).toBeGreaterThanOrEqual(1.5);
    expect(preview.healthFactor.after!).toBeLessThan(preview.healthFactor.before!);
    expect(preview.reason).toMatch(/USDC supply APY on Aave is .* below/);
    expect(Date.parse(proposal.expiresAt!)).toBeGreaterThan(Date.now());

    for (let i = 0; i < 3; i++) await tick(restaker);
    expect(await proposalsOf(restaker, rule.id)).toHaveLength(1);
    expect((await ruleOf(restaker, rule.id)).executionCount).toBe(1);
    const sent = (await messagesOf(restaker)).filter(
      (m) => m.type === "tx_proposal" && m.payload.transaction.ruleId === rule.id,
    );
    expect(sent).toHaveLength(1);
  });
});

describe("automation: HF trigger with repay", () => {
  it("proposes a repay after WETH falls; signed and submitted, the next tick confirms it and HF is above target", async () => {
    const borrower = await session(BORROWER);
    const rule = await createRule(borrower, {
      name: "Repay DAI when HF sinks",
      trigger: { type: "health_factor_below", value: 1.25 },
      action: { type: "repay", chainId: 31337, asset: "DAI", targetHealthFactor: 1.6 },
    });
    await tick(borrower);
    expect(await proposalsOf(borrower, rule.id)).toEqual([]);

    await setPriceUsd("WETH", 3100);
    await call("/portfolios/refresh", { method: "POST", token: borrower.token });
    await tick(borrower);
    const [proposal] = await proposalsOf(borrower, rule.id);
    expect(proposal?.title).toMatch(/^Repay .* DAI on Aave$/);
    expect(proposal!.preview!.healthFactor.before!).toBeLessThan(1.25);
    expect(proposal!.preview!.healthFactor.after!).toBeGreaterThanOrEqual(1.6);

    const resimulated = await call(`/transactions/${proposal!.id}/simulate`, {
      method: "POST",
      token: borrower.token,
    });
    expect(resimulated.status, await resimulated.clone().text()).toBe(200);
    const approved = await call(`/transactions/${proposal!.id}/approve`, {
      method: "POST",
      token: borrower.token,
    });
    expect(((await approved.json()) as Transaction).status).toBe("approved");

    const hashes: `0x${string}`[] = [];
    for (const step of proposal!.steps)
      hashes.push(await send(BORROWER, step.to as `0x${string}`, step.data as `0x${string}`, step.gas));
    const submitted = await call(`/transactions/${proposal!.id}/submitted`, {
      method: "POST",
      token: borrower.token,
      json: { txHashes: hashes },
    });
    expect(submitted.status, await submitted.clone().text()).toBe(200);

    await tick(borrower);
    const done = (await (
      await call(`/transactions/${proposal!.id}`, { token: borrower.token })
    ).json()) as Transaction;
    expect(done.status).toBe("confirmed");
    expect(await onChainHealthFactor(anvilAccount(BORROWER).address)).toBeGreaterThanOrEqual(1.6);
    const titles = (await messagesOf(borrower)).flatMap((m) =>
      m.type === "notification" ? [m.payload.title] : [],
    );
    expect(titles).toContain("Repayment complete");
  });
});

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

describe("automation: at-least-once alarms", () => {
  it("the same tick run many times creates one proposal and one message", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const rule = await createRule(user, repayNow);
    for (let i = 0; i < 4; i++) await tick(user);
    expect(await proposalsOf(user, rule.id)).toHaveLength(1);
    expect((await ruleOf(user, rule.id)).executionCount).toBe(1);
    const proposals = (await messagesOf(user)).filter(
      (m) => m.type === "tx_proposal" && m.payload.transaction.ruleId === rule.id,
    );
    expect(proposals).toHaveLength(1);
  });

  it("a tick interrupted by eviction and run again neither duplicates nor loses the rule", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const rule = await createRule(user, repayNow);
    const stub = stubOf(user);
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("DELETE FROM scheduled_tasks WHERE name = 'automation'");
    });
    const running = runDurableObjectAlarm(stub).catch(() => false);
    await evictDurableObject(stub).catch(() => undefined);
    await running;
    await tick(user);
    await tick(user);
    expect(await ruleOf(user, rule.id)).toMatchObject({ id: rule.id, enabled: true, executionCount: 1 });
    expect(await proposalsOf(user, rule.id)).toHaveLength(1);
  });

  it("an RPC failure records a clear error on the rule, proposes nothing, and the next tick recovers", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const rule = await createRule(user, repayNow);
    // Fault injection: the same capability over a chain endpoint that refuses connections.
    await runInDurableObject(stubOf(user), async (_instance, state) => {
      const db = openUserDb(state.storage);
      const host = { db, now: () => Date.now(), newId: () => crypto.randomUUID() };
      const dead = publicClientFor({ rpcUrls: () => ["http://127.0.0.1:8949"] }, 31337);
      const automation = new AutomationCapability({
        rules: new RulesCapability(host),
        transactions: new TransactionsCapability(host),
        now: host.now,
        owner: () => anvilAccount(NEAR_LIQUIDATION).address,
        chains: () => [devnetChainConfig],
        client: () => dead,
        aaveMarket: async () => ({
          ok: false,
          failure: {
            kind: "unavailable",
            message: "Reading the Aave market: the chain's RPC is unreachable.",
            retryAfterSeconds: 5,
          },
        }),
        portfolio: async () => ({
          ok: false,
          failure: {
            kind: "unavailable",
            message: "Reading your portfolio: the chain's RPC is unreachable.",
            retryAfterSeconds: 5,
          },
        }),
        priceHistory: () => ({}),
        invalidatePortfolio: () => undefined,
        notify: async () => undefined,
        log: () => undefined,
      });
      await automation.tick(Date.now());
    });
    const failed = await ruleOf(user, rule.id);
    expect(failed.lastError).toMatch(/could not read your positions: .*unreachable/);
    expect(failed.executionCount).toBe(0);
    expect(await proposalsOf(user, rule.id)).toEqual([]);

    await tick(user);
    const recovered = await ruleOf(user, rule.id);
    expect(recovered.lastError).toBeNull();
    expect(await proposalsOf(user, rule.id)).toHaveLength(1);
  });
});

describe("rules: checks that need chain data", () => {
  it("refuses with a 400 that says why, and stores nothing", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const cases: [RuleCreateInput | Record<string, unknown>, RegExp][] = [
      [
        { ...repayNow, action: { type: "rebalance", chainId: 31337, asset: "USDC" } },
        /EigenLayer restakes liquid staking tokens/,
      ],
      [
        {
          ...repayNow,
          trigger: { type: "apy_below", protocol: "aave", asset: "FOO", chainId: 31337, percent: 3 },
        },
        /FOO is not an asset on chain 31337/,
      ],
      [
        { ...repayNow, action: { type: "repay", chainId: 31337, asset: "DAI", targetHealthFactor: 1.5 } },
        /no DAI debt on Aave/,
      ],
      [
        { ...repayNow, action: { type: "rebalance", chainId: 31337, asset: "wstETH" } },
        /no wstETH supplied on Aave/,
      ],
      [{ ...repayNow, trigger: { type: "health_factor_below", value: 0.5 } }, /above 1/],
      [
        {
          ...repayNow,
          trigger: { type: "apy_below", protocol: "eigenlayer", asset: "wstETH", chainId: 31337, percent: 3 },
        },
        /APY triggers watch Aave/,
      ],
    ];
    for (const [body, why] of cases) {
      const response = await call("/rules", { method: "POST", token: user.token, json: body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = await errorOf(response);
      expect(`${error.message} ${JSON.stringify(error.details)}`).toMatch(why);
    }
    const rules = (await (await call("/rules", { token: user.token })).json()) as { rules: Rule[] };
    expect(rules.rules).toEqual([]);
  });
});
