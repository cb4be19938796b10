import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createWalletClient, http, parseUnits } from "viem";
import { describe, expect, it } from "vitest";
import { rateToApy } from "../../../../shared/aave";
import { poolAbi } from "../../../../shared/abis";
import { devnetChainConfig, devnetDeployment } from "../../../../shared/chains/devnet";
import type { Transaction } from "../../../../shared/schemas/transactions";
import { publicClientFor } from "../../../chain/client";
import {
  BORROWER,
  createRule,
  forgetPositions,
  messagesOf,
  NEAR_LIQUIDATION,
  onChainHealthFactor,
  proposalsOf,
  RESTAKER,
  repayNow,
  ruleOf,
  send,
  setPriceUsd,
  stubOf,
  tick,
  userSessions,
  WHALE,
} from "../../../test/automation";
import { chain, revertChainAfterEachTest, rpcUrl } from "../../../test/devnet";
import { anvilAccount, call } from "../../../test/helpers";
import { openUserDb } from "../../db";
import type { UserDurableObject } from "../../userObject";
import { RulesCapability } from "../rules";
import { TransactionsCapability } from "../transactions";
import { AutomationCapability } from "./automationCapability";

// Rule evaluation end to end in workerd over the devnet: the real alarm as the tick, proposals through the HTTP
// API, and the user's side signed with the account's anvil key.

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
    await forgetPositions(borrower);
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
    expect(done.status, done.error ?? "").toBe("confirmed");
    expect(await onChainHealthFactor(anvilAccount(BORROWER).address)).toBeGreaterThanOrEqual(1.6);
    const titles = (await messagesOf(borrower)).flatMap((m) =>
      m.type === "notification" ? [m.payload.title] : [],
    );
    expect(titles).toContain("Repayment complete");
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
        sessionActive: () => true,
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
        priceHistory: async () => ({}),
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

  it("an RPC failure after the positions were read says so on the rule without the RPC's URL or request", async () => {
    const user = await session(NEAR_LIQUIDATION);
    // Created switched off and switched on inside the object: no alarm of its own races the tick below.
    const rule = await createRule(user, { ...repayNow, enabled: false });
    const lastError = await runInDurableObject(stubOf(user), async (instance: UserDurableObject, state) => {
      const db = openUserDb(state.storage);
      const host = { db, now: () => Date.now(), newId: () => crypto.randomUUID() };
      const rules = new RulesCapability(host);
      rules.setEnabled(rule.id, true);
      const owner = anvilAccount(NEAR_LIQUIDATION).address;
      const positions = await instance.getPortfolio(owner);
      // The chain answered the positions, then its RPC (a URL with a provider key in it) went away.
      const dead = publicClientFor({ rpcUrls: () => ["http://127.0.0.1:8949/v2/provider-key"] }, 31337);
      const automation = new AutomationCapability({
        rules,
        transactions: new TransactionsCapability(host),
        now: host.now,
        owner: () => owner,
        sessionActive: () => true,
        chains: () => [devnetChainConfig],
        client: () => dead,
        aaveMarket: (chainId) => env.MARKET.getByName("31337").aaveMarket(chainId),
        portfolio: async () => positions,
        priceHistory: async () => ({}),
        invalidatePortfolio: () => undefined,
        notify: async () => undefined,
        log: () => undefined,
      });
      await automation.tick(Date.now());
      const error = rules.get(rule.id)?.lastError ?? null;
      rules.setEnabled(rule.id, false);
      return error;
    });
    expect(lastError).toMatch(
      /^Preparing the rule's proposal: the chain's RPC .+ The rule tries again on the next check\.$/,
    );
    expect(lastError).not.toMatch(/provider-key|127\.0\.0\.1|Request body|viem/);
  });
});
