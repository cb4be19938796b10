import { createWalletClient, http, parseAbi } from "viem";
import { describe, expect, it } from "vitest";
import { devnetDeployment } from "../../../../shared/chains/devnet";
import type { Rule } from "../../../../shared/schemas/rules";
import {
  assetTermsOf,
  createRule,
  emptyWallet,
  forgetPositions,
  messagesOf,
  mintTo,
  NEAR_LIQUIDATION,
  proposalsOf,
  repayNow,
  ruleOf,
  type Session,
  setPriceUsd,
  tick,
  userSessions,
} from "../../../test/automation";
import { chain, revertChainAfterEachTest, rpcUrl } from "../../../test/devnet";
import { anvilAccount, call } from "../../../test/helpers";

// A rule the user counts on fires but cannot propose anything: the user hears it once, with what to do, and the
// rule's state says so until it can act again.

revertChainAfterEachTest();
const session = userSessions();
const _usdc = devnetDeployment.reserves.USDC.underlying;

/** Sends the user's whole USDC balance away (to the whale), as if they had spent it. */
async function emptyUsdcWallet(user: Session): Promise<void> {
  await emptyWallet(user, "USDC");
  await forgetPositions(user);
}

const configuratorAbi = parseAbi([
  "function setReservePause(address asset, bool paused)",
  "function setSupplyCap(address asset, uint256 newSupplyCap)",
]);

/** What Aave's admins do through the PoolConfigurator (the devnet's deployer, anvil key 0, holds every role). */
async function configureReserve(
  symbol: keyof typeof devnetDeployment.reserves,
  change: { pause: true } | { supplyCap: bigint },
): Promise<void> {
  const admin = createWalletClient({ account: anvilAccount(0), transport: http(rpcUrl) });
  const asset = devnetDeployment.reserves[symbol].underlying;
  const hash =
    "pause" in change
      ? await admin.writeContract({
          chain: null,
          address: devnetDeployment.contracts.poolConfigurator,
          abi: configuratorAbi,
          functionName: "setReservePause",
          args: [asset, true],
          gas: 500_000n,
        })
      : await admin.writeContract({
          chain: null,
          address: devnetDeployment.contracts.poolConfigurator,
          abi: configuratorAbi,
          functionName: "setSupplyCap",
          args: [asset, change.supplyCap],
          gas: 500_000n,
        });
  expect((await chain.waitForTransactionReceipt({ hash })).status).toBe("success");
}

const cannotActNotices = async (user: Session, name: string) =>
  (await messagesOf(user)).flatMap((m) =>
    m.type === "notification" && m.payload.title === `Rule "${name}" cannot act` ? [m.payload] : [],
  );

describe("automation: a rule that holds but cannot act", () => {
  it("tells the user once, with the amount to top up, over many ticks; proposes once the wallet can pay", async () => {
    const user = await session(NEAR_LIQUIDATION);
    await emptyUsdcWallet(user);
    const rule = await createRule(user, { ...repayNow, name: "Empty wallet rescue" });

    for (let i = 0; i < 4; i++) await tick(user);

    expect(await proposalsOf(user, rule.id)).toEqual([]);
    const notices = await cannotActNotices(user, "Empty wallet rescue");
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: "warning", transactionId: null });
    expect(notices[0]?.message).toMatch(
      /^Health factor is 1\.0\d+, below 1\.2, but your wallet holds no USDC to repay with\. To let it act: put 2,5\d\d\.\d+ USDC in your wallet to reach health factor 1\.3, or supply more collateral\.$/,
    );
    const stuck = await ruleOf(user, rule.id);
    expect(stuck.cannotActSince).not.toBeNull();
    expect(stuck.lastError).toMatch(/holds no USDC to repay with\. To let it act: put 2,5\d\d\.\d+ USDC/);

    await mintTo("USDC", user.address, 5_000_000_000n);
    await tick(user);
    expect(await proposalsOf(user, rule.id)).toHaveLength(1);
    const acting = await ruleOf(user, rule.id);
    expect(acting.cannotActSince).toBeNull();
    expect(acting.lastError).toBeNull();
    expect(await cannotActNotices(user, "Empty wallet rescue")).toHaveLength(1);
  });

  it("a trigger flickering across its line is not told again within the rule's cooldown", async () => {
    const user = await session(NEAR_LIQUIDATION);
    await emptyUsdcWallet(user);
    const rule = await createRule(user, { ...repayNow, name: "Flicker" });
    await tick(user);
    expect(await cannotActNotices(user, "Flicker")).toHaveLength(1);
    const weth = Number((await assetTermsOf("WETH")).price) / 1e8;
    for (let i = 0; i < 2; i++) {
      // WETH +30 %: HF ≈ 1.37, the rule stops holding (its episode ends)…
      await setPriceUsd("WETH", weth * 1.3);
      await forgetPositions(user);
      await tick(user);
      expect((await ruleOf(user, rule.id)).cannotActSince).toBeNull();
      // …and back: it holds and cannot act again, inside the hour's cooldown of the first notice.
      await setPriceUsd("WETH", weth);
      await forgetPositions(user);
      await tick(user);
      expect((await ruleOf(user, rule.id)).cannotActSince).not.toBeNull();
    }
    expect(await cannotActNotices(user, "Flicker")).toHaveLength(1);
  });

  it("an edit is answered afresh: still stuck after it, the user is told again at once", async () => {
    const user = await session(NEAR_LIQUIDATION);
    await emptyUsdcWallet(user);
    const rule = await createRule(user, { ...repayNow, name: "Edited" });
    await tick(user);
    expect(await cannotActNotices(user, "Edited")).toHaveLength(1);
    const edit = await call(`/rules/${rule.id}`, {
      method: "PATCH",
      token: user.token,
      json: { action: { ...repayNow.action, targetHealthFactor: 1.25 } },
    });
    expect(edit.status).toBe(200);
    expect(((await edit.json()) as Rule).cannotActSince).toBeNull();
    await tick(user);
    const notices = await cannotActNotices(user, "Edited");
    expect(notices).toHaveLength(2);
    expect(notices[1]?.message).toMatch(/to reach health factor 1\.25, or supply more collateral\.$/);
  });

  it("a gas price above the rule's max is told once, with what to change", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const rule = await createRule(user, {
      ...repayNow,
      name: "Cheap gas only",
      guards: { ...repayNow.guards, maxGasUsd: 0.01 },
    });
    for (let i = 0; i < 3; i++) await tick(user);
    expect(await proposalsOf(user, rule.id)).toEqual([]);
    const notices = await cannotActNotices(user, "Cheap gas only");
    expect(notices.map((n) => n.message)).toEqual([
      expect.stringMatching(
        /^Not proposed: gas would cost up to \$\d+\.\d\d, above the rule's max \$0\.01\. To let it act: raise the rule's max gas, or wait for gas to get cheaper\.$/,
      ),
    ]);
  });
});

describe("automation: a rule whose proposal's simulation reverts", () => {
  it("says once what Aave refused, in words, and what to try, over many ticks", async () => {
    const user = await session(NEAR_LIQUIDATION);
    await configureReserve("USDC", { pause: true });
    const rule = await createRule(user, { ...repayNow, name: "Paused market rescue" });

    for (let i = 0; i < 3; i++) await tick(user);

    expect(await proposalsOf(user, rule.id)).toEqual([]);
    const notices = await cannotActNotices(user, "Paused market rescue");
    expect(notices.map((n) => n.message)).toEqual([
      expect.stringMatching(
        /^Not proposed: step 2 \(Repay 2,5\d\d\.\d+ USDC of your Aave debt\) would fail because Aave has paused its USDC market, so nobody can supply, repay or withdraw USDC until Aave resumes it \(Aave error 29\)\. To let it act: wait for Aave to resume it \(the rule tries again on every check\), or add a rule that acts with another asset\.$/,
      ),
    ]);
    const stuck = await ruleOf(user, rule.id);
    expect(stuck.cannotActSince).not.toBeNull();
    expect(stuck.lastError).toMatch(
      /Aave has paused its USDC market.*To let it act: wait for Aave to resume it/,
    );
  });

  it("a supply cap already reached is said as a full market, with what to change", async () => {
    const user = await session(NEAR_LIQUIDATION);
    await mintTo("WETH", user.address, 10n ** 19n);
    // 1 WETH: far below what the market holds, so any supply reverts.
    await configureReserve("WETH", { supplyCap: 1n });
    const rule = await createRule(user, {
      ...repayNow,
      name: "Full market top-up",
      action: { type: "supply_collateral", chainId: 31337, asset: "WETH", targetHealthFactor: 1.3 },
    });
    for (let i = 0; i < 2; i++) await tick(user);
    expect(await proposalsOf(user, rule.id)).toEqual([]);
    expect((await cannotActNotices(user, "Full market top-up")).map((n) => n.message)).toEqual([
      expect.stringMatching(
        /^Not proposed: step 2 \(.+\) would fail because Aave's WETH market is full \(its supply cap is reached\) \(Aave error 51\)\. To let it act: lower the rule's max amount to what still fits, or change it to supply another asset; the rule tries again on every check\.$/,
      ),
    ]);
  });
});

describe("automation: a proposal that cannot reach the rule's target", () => {
  it("says on the approval page what it reaches instead, and what would reach the target", async () => {
    const user = await session(NEAR_LIQUIDATION);
    await emptyUsdcWallet(user);
    await mintTo("USDC", user.address, 10_000_000n);
    const rule = await createRule(user, repayNow);
    await tick(user);
    const [proposal] = await proposalsOf(user, rule.id);
    expect(proposal?.title).toBe("Repay 10 USDC on Aave");
    expect(proposal?.preview?.reason).toMatch(
      /^health factor is 1\.0\d+, below 1\.2; your wallet holds only 10 USDC, so this brings the health factor to 1\.05, not 1\.3: put 2,5\d\d\.\d+ USDC more in your wallet to reach it$/,
    );
  });

  it("names the rule's max amount when that is what stops it", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const rule = await createRule(user, { ...repayNow, guards: { ...repayNow.guards, maxAmountUsd: 1000 } });
    await tick(user);
    const [proposal] = await proposalsOf(user, rule.id);
    expect(proposal?.preview?.amountUsd).toBeCloseTo(1000, 2);
    expect(proposal?.preview?.reason).toMatch(
      /; the rule's max amount \(\$1,000\.00\) allows 1,000 USDC, so this brings the health factor to 1\.1\d, not 1\.3: raise the max amount to reach it$/,
    );
  });
});
