import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { erc20Abi, type Hex, numberToHex, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { advanceTime } from "../../../devnet/actions/advanceTime";
import { borrow } from "../../../devnet/actions/borrow";
import { liquidate } from "../../../devnet/actions/liquidate";
import { repay } from "../../../devnet/actions/repay";
import { restakeWstEth } from "../../../devnet/actions/restake";
import { supply } from "../../../devnet/actions/supply";
import { parseTokenAmount, reserveBySymbol } from "../../../devnet/actions/tokenAmount";
import { createTxSender } from "../../../devnet/deploy/context";
import type { DevnetAccount } from "../../../devnet/seed/accounts";
import { devnetSession } from "../../../devnet/session";
import { poolAbi } from "../../../shared/abis/pool";
import { devnetDeployment } from "../../../shared/chains/devnet";
import type { Portfolio } from "../../../shared/schemas/portfolio";
import { chain, marketObject, revertChainAfterEachTest, rpcUrl, setPriceUsd } from "../../test/devnet";
import { call, signIn } from "../../test/helpers";
import { runTaskNow } from "../../test/taskNow";
import { HEARTBEAT_INTERVAL_MS } from "../../user/capabilities/wake";

// Users woken on need, end to end on the devnet: real user objects, the real market object's position watch
// reading the Pool's events, real Borrow/Repay transactions and oracle moves.

revertChainAfterEachTest();

const session = () => devnetSession(rpcUrl, devnetDeployment);

interface Watched {
  account: DevnetAccount;
  token: string;
  stub: DurableObjectStub<import("../../test/testObjects").TestUserDurableObject>;
  watcherId: string;
}

/** A fresh wallet with 2 WETH supplied and `dai` DAI borrowed, signed in, its positions read once and checked. */
async function watchedBorrower(dai: string, alertThreshold: number): Promise<Watched> {
  const privateKey: Hex = generatePrivateKey();
  const address = privateKeyToAccount(privateKey).address;
  const account = { name: "borrower", address, privateKey } as DevnetAccount;
  await chain.request({
    method: "anvil_setBalance" as never,
    params: [address, numberToHex(parseEther("10"))] as never,
  });
  await supply(session(), account, "WETH", "2");
  await borrow(session(), account, "DAI", dai);
  const signedIn = await signIn(privateKeyToAccount(privateKey));
  await call("/me/settings", { method: "PUT", token: signedIn.token, json: { alertThreshold } });
  expect((await call("/portfolios", { token: signedIn.token })).status).toBe(200);
  const stub = env.USER.getByName(signedIn.user.id);
  // One monitoring check (the alarm handler): it registers what should wake the user.
  expect(await runTaskNow(stub, "monitoring")).toBe(true);
  return {
    account,
    token: signedIn.token,
    stub,
    watcherId: env.USER.idFromName(signedIn.user.id).toString(),
  };
}

const wakes = async (user: Watched) => {
  const counts = await marketObject().positionWakes(user.watcherId);
  if (!counts) throw new Error("the market object has no position watch");
  return counts;
};

/**
 * Until the position watch has read exactly up to the head (the users' own setup blocks included). Exactly: after
 * the previous test's chain revert its last block read may lie ahead of the head, and the block that brings it
 * back wakes everyone to re-read; that must happen before a test counts wakes.
 */
async function caughtUp(): Promise<void> {
  const head = await chain.getBlockNumber();
  await expect
    .poll(
      async () => {
        await marketObject().pollPrices(31337);
        return BigInt((await marketObject().positionWatchStats())?.lastScannedBlock ?? "0");
      },
      { timeout: 5_000 },
    )
    .toBe(head);
}

const daiDebt = async (user: Watched) => {
  const portfolio = (await (await call("/portfolios", { token: user.token })).json()) as Portfolio;
  return {
    amount: portfolio.aave[0]?.borrows.find((b) => b.symbol === "DAI")?.amount ?? 0,
    block: BigInt(portfolio.asOf.find((b) => b.chainId === 31337)?.blockNumber ?? "0"),
    healthFactor: portfolio.healthFactor ?? 0,
  };
};

describe("users woken on need (devnet)", () => {
  it("a Borrow or Repay by a watched user wakes exactly that user, and its portfolio shows it at that block", async () => {
    const alice = await watchedBorrower("3000", 1.2);
    const bob = await watchedBorrower("2000", 1.2);
    expect(await marketObject().positionWatched(alice.watcherId)).toBe(true);
    expect(await marketObject().positionWatched(bob.watcherId)).toBe(true);
    // Registered and idle: the 10 s loop became the hourly heartbeat, positions served from cache meanwhile.
    expect((await alice.stub.watchStatus()).intervalSeconds).toBe(HEARTBEAT_INTERVAL_MS / 1000);
    expect((await daiDebt(alice)).amount).toBeCloseTo(3000, 2);

    await caughtUp();
    const aliceBefore = await wakes(alice);
    const bobBefore = await wakes(bob);
    await borrow(session(), alice.account, "DAI", "500");
    const borrowBlock = await chain.getBlockNumber();
    await marketObject().pollPrices(31337);
    await expect
      .poll(async () => (await wakes(alice)).positions, { timeout: 5_000 })
      .toBe(aliceBefore.positions + 1);
    const afterBorrow = await daiDebt(alice);
    expect(afterBorrow.amount).toBeGreaterThan(3500 - 0.01);
    expect(afterBorrow.amount).toBeLessThan(3500.01);
    expect(afterBorrow.block).toBeGreaterThanOrEqual(borrowBlock);

    await repay(session(), alice.account, "DAI", "1000");
    const repayBlock = await chain.getBlockNumber();
    await marketObject().pollPrices(31337);
    await expect
      .poll(async () => (await wakes(alice)).positions, { timeout: 5_000 })
      .toBe(aliceBefore.positions + 2);
    const afterRepay = await daiDebt(alice);
    expect(afterRepay.amount).toBeGreaterThan(2500 - 0.01);
    expect(afterRepay.amount).toBeLessThan(2500.01);
    expect(afterRepay.block).toBeGreaterThanOrEqual(repayBlock);

    // Bob's wallet was named by nothing: never woken, whatever the market object read.
    expect(await wakes(bob)).toEqual(bobBefore);

    // 30 idle days later: no event, so no re-read; the health factor comes from the cached scaled balances and
    // the market's new indexes, and is exactly the Pool's own.
    await advanceTime(session(), 30 * 86_400);
    await marketObject().invalidate();
    const later = (await (await call("/portfolios", { token: alice.token })).json()) as Portfolio;
    expect(later.cache.positions.hit).toBe(true);
    // At the head the market was just read at (no block is mined in between).
    const at = await chain.getBlockNumber();
    const [, , , , , poolHealthFactor] = await chain.readContract({
      address: devnetDeployment.contracts.pool,
      abi: poolAbi,
      functionName: "getUserAccountData",
      args: [alice.account.address],
      blockNumber: at,
    });
    expect(later.aave[0]?.healthFactorRaw).toBe(poolHealthFactor.toString());
    expect(Number(later.aave[0]?.healthFactorRaw) / 1e18).toBeLessThan(afterRepay.healthFactor);
  });

  it("an EigenLayer deposit by a watched user wakes that user, and its portfolio shows the deposit", async () => {
    const alice = await watchedBorrower("2000", 1.2);
    const bob = await watchedBorrower("2000", 1.2);
    const restaked = async () => {
      const portfolio = (await (await call("/portfolios", { token: alice.token })).json()) as Portfolio;
      const account = portfolio.eigenLayer.find((e) => e.chainId === 31337);
      return account?.positions.reduce((sum, p) => sum + p.amount, 0) ?? 0;
    };
    expect(await restaked()).toBe(0);
    await caughtUp();
    const aliceBefore = await wakes(alice);
    const bobBefore = await wakes(bob);
    await restakeWstEth(session(), alice.account, "1.5");
    await marketObject().pollPrices(31337);
    // The StrategyManager's Deposit names Alice (in the same eth_getLogs as Aave's events): she re-reads.
    await expect
      .poll(async () => (await wakes(alice)).positions, { timeout: 5_000 })
      .toBe(aliceBefore.positions + 1);
    expect(await restaked()).toBeCloseTo(1.5, 6);
    expect(await wakes(bob)).toEqual(bobBefore);
  });

  it("a price move crossing one user's line wakes that user and not another", async () => {
    // HF = 2 WETH × price × LT / debt: Alice (3,000 DAI) sits lower than Bob (2,000 DAI) at every price.
    const alice = await watchedBorrower("3000", 1.6);
    const bob = await watchedBorrower("2000", 1.6);
    const start = (await (await call("/portfolios", { token: alice.token })).json()) as Portfolio;
    const hf = start.healthFactor ?? 0;
    const weth = start.aave[0]?.supplies.find((s) => s.symbol === "WETH")?.priceUsd ?? 0;
    expect(hf).toBeGreaterThan(1.7);
    await caughtUp();
    const aliceBefore = await wakes(alice);
    const bobBefore = await wakes(bob);
    // Alice's HF to 1.5 (under her 1.6): Bob's goes to ≈ 2.25, crossing none of his lines.
    await setPriceUsd("WETH", (weth * 1.5) / hf);
    await marketObject().pollPrices(31337);
    await expect
      .poll(async () => (await wakes(alice)).prices, { timeout: 5_000 })
      .toBe(aliceBefore.prices + 1);
    expect((await alice.stub.monitoringStatus()).openAlert).toMatchObject({ reason: "health_factor" });
    expect(await wakes(bob)).toEqual(bobBefore);
    expect((await bob.stub.monitoringStatus()).openAlert).toBeNull();
    // A small move that crosses nobody's line wakes nobody of the two.
    await setPriceUsd("WETH", (weth * 1.49) / hf);
    await marketObject().pollPrices(31337);
    const stats = await marketObject().positionWatchStats();
    expect(stats?.lastPriceLookup?.by).toBe("levels");
    expect((await wakes(alice)).prices).toBe(aliceBefore.prices + 1);
    expect(await wakes(bob)).toEqual(bobBefore);
  });
  it("a rule's line and price level reach the market object when the rule is saved, not at the next heartbeat", async () => {
    const alice = await watchedBorrower("3000", 1.3);
    const registered = async () => {
      const registration = await marketObject().registrationOf(alice.watcherId);
      if (!registration) throw new Error("Alice is not registered");
      return registration;
    };
    expect((await registered()).lines).not.toContain(1.65);
    const created = await call("/rules", {
      method: "POST",
      token: alice.token,
      json: {
        name: "Early",
        trigger: { type: "health_factor_below", value: 1.65 },
        action: { type: "notify" },
      },
    });
    expect(created.status).toBe(201);
    // No check ran (no alarm): the rule's save sent the new line.
    expect((await registered()).lines).toContain(1.65);
    const ruleId = ((await created.json()) as { id: string }).id;
    const patched = await call(`/rules/${ruleId}`, {
      method: "PATCH",
      token: alice.token,
      json: { trigger: { type: "price_below", asset: "WETH", usd: 1_234 } },
    });
    expect(patched.status).toBe(200);
    const now = await registered();
    expect(now.lines).not.toContain(1.65);
    expect(now.priceLevels).toEqual([{ asset: devnetDeployment.reserves.WETH.underlying, usd: 1_234 }]);
    expect((await call(`/rules/${ruleId}`, { method: "DELETE", token: alice.token })).status).toBe(204);
    expect((await registered()).priceLevels ?? []).toEqual([]);
  });

  it("a month of a market's life: each watched account's health factor is the Pool's after every kind of event", async () => {
    // Supplies, borrows, repays, an aToken transfer, a liquidation, price moves and 30 days of interest, each
    // followed by every watched account's portfolio compared with Pool.getUserAccountData at the head (exact, in
    // wad): what the user sees is the chain's, whether re-read on an event or derived from cached scaled balances
    // and the market's indexes.
    const alice = await watchedBorrower("2500", 1.3);
    const bob = await watchedBorrower("2000", 1.3);
    const carol = await watchedBorrower("3300", 1.3); // the riskiest: liquidated after the price falls
    const users = { alice, bob, carol };
    const weth = reserveBySymbol(session(), "WETH");
    const poolHealthFactor = async (user: Watched, blockNumber: bigint) =>
      (
        await chain.readContract({
          address: devnetDeployment.contracts.pool,
          abi: poolAbi,
          functionName: "getUserAccountData",
          args: [user.account.address],
          blockNumber,
        })
      )[5].toString();
    // Compared at the head, which the market is read at: no block is mined while the users are read.
    const servedEqualsPool = async (step: string) => {
      await marketObject().invalidate();
      await caughtUp();
      const head = await chain.getBlockNumber();
      for (const [name, user] of Object.entries(users)) {
        await expect
          .poll(
            async () => {
              const portfolio = (await (
                await call("/portfolios", { token: user.token })
              ).json()) as Portfolio;
              return {
                served: portfolio.aave[0]?.healthFactorRaw ?? "none",
                pool: await poolHealthFactor(user, head),
              };
            },
            { timeout: 5_000, message: `${name} after ${step}` },
          )
          .toSatisfy(({ served, pool }) => served === pool);
      }
    };

    await servedEqualsPool("setup");
    await supply(session(), bob.account, "WETH", "0.5");
    await borrow(session(), alice.account, "DAI", "300");
    await servedEqualsPool("a supply and a borrow");
    await repay(session(), alice.account, "DAI", "800");
    await createTxSender(session().clients, bob.account.privateKey).write(
      "transfer aWETH",
      weth.aToken,
      erc20Abi,
      "transfer",
      [alice.account.address, parseTokenAmount("0.25", weth)],
    );
    await servedEqualsPool("a repay and an aToken transfer");

    // WETH falls until Carol is liquidatable, and the liquidator takes half her debt.
    const start = (await (await call("/portfolios", { token: carol.token })).json()) as Portfolio;
    const price = start.aave[0]?.supplies.find((s) => s.symbol === "WETH")?.priceUsd ?? 0;
    await setPriceUsd("WETH", (price * 0.95) / (start.healthFactor ?? 1));
    await servedEqualsPool("a price move");
    await liquidate(session(), carol.account);
    await servedEqualsPool("a liquidation");

    await advanceTime(session(), 10 * 86_400);
    await setPriceUsd("WETH", price);
    await servedEqualsPool("10 days and a price move");
    await advanceTime(session(), 20 * 86_400);
    await servedEqualsPool("30 idle days");
  });
  // Each rule sleeps with the user and fires when a price block reaches it: a health-factor line (HF ≈ 1.84 → 1.5,
  // under the rule's 1.6, over the alert's 1.3) and a price level of its own (WETH −12 %, past the rule's −10 %,
  // crossing no health-factor line).
  it.each([
    {
      kind: "a health-factor rule",
      trigger: (_weth: number) => ({ type: "health_factor_below", value: 1.6 }),
      moveTo: (weth: number, hf: number) => (weth * 1.5) / hf,
      says: /below 1\.6/,
    },
    {
      kind: "a price rule",
      trigger: (weth: number) => ({ type: "price_below", asset: "WETH", usd: Math.round(weth * 0.9) }),
      moveTo: (weth: number) => weth * 0.88,
      says: /^WETH is \$[\d,.]+, below \$[\d,.]+$/,
    },
  ])(
    "$kind sleeps with the user and fires when a price block reaches it",
    async ({ trigger, moveTo, says }) => {
      // The head the previous test left (then reverted) is behind the watch's last block: the resync that follows
      // would wake Alice mid-test. Let it happen first.
      await caughtUp();
      const alice = await watchedBorrower("3000", 1.3);
      const start = (await (await call("/portfolios", { token: alice.token })).json()) as Portfolio;
      const hf = start.healthFactor ?? 0;
      const weth = start.aave[0]?.supplies.find((s) => s.symbol === "WETH")?.priceUsd ?? 0;
      expect(hf).toBeGreaterThan(1.7);
      const created = await call("/rules", {
        method: "POST",
        token: alice.token,
        json: { name: "Sleeper", trigger: trigger(weth), action: { type: "notify" } },
      });
      expect(created.status).toBe(201);
      // Both tasks due: monitoring registers the rule's line with the market object, automation finds it idle.
      const runBoth = async () => {
        expect(await runTaskNow(alice.stub, ["monitoring", "automation"])).toBe(true);
      };
      await runBoth();
      await caughtUp(); // Alice's own setup blocks read by the watch (read before her registration: no wake)
      await runBoth(); // the line goes with the check after the rule; the tick after it finds the rule idle
      const alarmIn = async () =>
        (await runInDurableObject(alice.stub, (_instance, state) => state.storage.getAlarm())) ?? 0;
      // Asleep: the next alarm is the heartbeat's, not the 30 s loop's.
      expect((await alarmIn()) - Date.now()).toBeGreaterThan(HEARTBEAT_INTERVAL_MS / 2);
      const notifications = async () =>
        (await alice.stub.messagesSince(0)).entries.filter((m) => m.type === "notification");
      expect(await notifications()).toEqual([]);
      // Its card can say it is watched every block rather than "checked an hour ago".
      const asleep = async () =>
        ((await (await call("/rules", { token: alice.token })).json()) as { rules: { asleep?: boolean }[] })
          .rules[0]?.asleep ?? false;
      expect(await asleep()).toBe(true);

      await caughtUp();
      const before = await wakes(alice);
      // The market object wakes Alice for the rule's line or level.
      await setPriceUsd("WETH", moveTo(weth, hf));
      await marketObject().pollPrices(31337);
      await expect.poll(async () => (await wakes(alice)).prices, { timeout: 5_000 }).toBe(before.prices + 1);
      // Woken, the loop is due at once (not an hour, nor 30 s, after its last tick): its tick notifies. The runtime
      // may fire the alarm itself; running it here runs only what is due.
      await expect
        .poll(
          async () => {
            await runDurableObjectAlarm(alice.stub);
            return (await notifications()).length;
          },
          { timeout: 5_000 },
        )
        .toBe(1);
      const sent = await notifications();
      expect(sent).toHaveLength(1);
      expect(sent[0]?.payload).toMatchObject({ title: "Sleeper", message: expect.stringMatching(says) });
      // Holding now: the loop stays at 30 s while the rule cools down, and the rule is not said to sleep.
      expect((await alarmIn()) - Date.now()).toBeLessThan(31_000);
      expect(await asleep()).toBe(false);
      // No 30 s loop left running into later files (they share the chain and the market object).
      const ruleId = ((await created.json()) as { id: string }).id;
      expect((await call(`/rules/${ruleId}`, { method: "DELETE", token: alice.token })).status).toBe(204);
    },
  );
});
