import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { type Address, createWalletClient, erc20Abi, type Hex, http, keccak256 } from "viem";
import { foundry } from "viem/chains";
import { afterEach, beforeEach, expect } from "vitest";
import { testErc20Abi } from "../../devnet/abis/testErc20";
import type { AssetTerms } from "../../shared/aave/targetHealthFactor";
import { aaveOracleAbi, poolAbi } from "../../shared/abis";
import { devnetDeployment } from "../../shared/chains/devnet";
import type { Rule, RuleCreateInput } from "../../shared/schemas/rules";
import type { Transaction, TransactionList, TransactionStep } from "../../shared/schemas/transactions";
import { chain, marketObject, rpcUrl, setPriceUsd as setDevnetPrice } from "./devnet";
import { anvilAccount, call, signIn } from "./helpers";
import { runTaskNow } from "./taskNow";

// What the automation integration tests share: signed-in devnet users, rules through the HTTP API, the real alarm as
// the tick, and the user's side of a proposal (signing its steps with the account's anvil key).

/** anvil indexes of the seeded devnet accounts (devnet/seed/accounts.ts). */
export const BORROWER = 2; // 10 WETH, 21,260 DAI debt: HF ≈ 1.30
export const NEAR_LIQUIDATION = 3; // 5 WETH, 13,160 USDC debt: HF ≈ 1.05
export const RESTAKER = 4; // 4 wstETH supplied, 2 WETH debt (and the borrowed 2 WETH in its wallet): HF ≈ 1.93
export const WHALE = 5;

/** A rule that holds right away for NEAR_LIQUIDATION (HF ≈ 1.05, 13,160 USDC debt and the same in its wallet). */
export const repayNow: RuleCreateInput = {
  name: "Keep HF up",
  trigger: { type: "health_factor_below", value: 1.2 },
  action: { type: "repay", chainId: 31337, asset: "USDC", targetHealthFactor: 1.3 },
  guards: { cooldownSeconds: 3600, proposalExpirySeconds: 600, maxGasUsd: 25 },
};

export interface Session {
  /** anvil account index (devnet/seed/accounts.ts ACCOUNT_INDEX). */
  index: number;
  address: Address;
  token: string;
  userId: string;
}

/**
 * Signed-in users of one test file, by anvil index. Durable Object storage outlives a test (and the chain is
 * reverted after each one), so after every test their rules go (free plan: 3 rules) and their proposals go too: a
 * reverted chain reuses nonces, so a later test can send a transaction with the very hash an earlier proposal
 * recorded, which the server rightly refuses as a replay. Their cached positions are forgotten before every test,
 * once the last one's chain is reverted (the chain may be back at the same height with other positions).
 */
export function userSessions(): (index: number) => Promise<Session> {
  const sessions = new Map<number, Session>();
  beforeEach(async () => {
    for (const s of sessions.values()) await forgetPositions(s);
  });
  afterEach(async () => {
    for (const s of sessions.values()) {
      for (const rule of (await rulesOf(s)).rules)
        await call(`/rules/${rule.id}`, { method: "DELETE", token: s.token });
      await runInDurableObject(stubOf(s), (_instance, state) => {
        state.storage.sql.exec("DELETE FROM transactions");
      });
    }
  });
  return async (index) => {
    const known = sessions.get(index);
    if (known) return known;
    const account = anvilAccount(index);
    const { token, user } = await signIn(account);
    const created = { index, address: account.address, token, userId: user.id };
    sessions.set(index, created);
    // The object outlives earlier files: what it cached then may be from a chain state since reverted.
    await forgetPositions(created);
    return created;
  };
}

export const stubOf = (s: Pick<Session, "userId">) => env.USER.getByName(s.userId);

/**
 * Makes the user's object forget its cached positions (what POST /portfolios/refresh does), straight on the object:
 * the route is rate-limited per user (30 a minute), and a refresh refused there would silently leave positions read
 * from an earlier chain state for the next test.
 */
export const forgetPositions = (s: Pick<Session, "userId">): Promise<void> => stubOf(s).refreshPortfolio();

async function rulesOf(s: Session): Promise<{ rules: Rule[] }> {
  return (await (await call("/rules", { token: s.token })).json()) as { rules: Rule[] };
}

export async function createRule(s: Session, rule: RuleCreateInput): Promise<Rule> {
  const response = await call("/rules", { method: "POST", token: s.token, json: rule });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Rule;
}

/** One automation tick through the real alarm, begun after every step the caller took before (./taskNow.ts). */
export const tick = (s: Session): Promise<boolean> => runTaskNow(stubOf(s), "automation");

export async function proposalsOf(s: Session, ruleId: string): Promise<Transaction[]> {
  const response = await call(`/transactions?ruleId=${ruleId}`, { token: s.token });
  expect(response.status).toBe(200);
  return ((await response.json()) as TransactionList).transactions;
}

/** A proposal of `repayNow` (approve, then repay) made by one tick and approved for signing, with its rule. */
export async function approvedRepayProposal(s: Session): Promise<{ proposal: Transaction; ruleId: string }> {
  const rule = await createRule(s, repayNow);
  await tick(s);
  const [proposal] = await proposalsOf(s, rule.id);
  if (!proposal) {
    const after = await ruleOf(s, rule.id);
    throw new Error(`the tick proposed nothing (the rule says: ${after.lastError ?? "nothing"})`);
  }
  const approved = await call(`/transactions/${proposal.id}/approve`, { method: "POST", token: s.token });
  expect(approved.status, await approved.clone().text()).toBe(200);
  return { proposal, ruleId: rule.id };
}

export async function transactionOf(s: Session, id: string): Promise<Transaction> {
  const response = await call(`/transactions/${id}`, { token: s.token });
  expect(response.status).toBe(200);
  return (await response.json()) as Transaction;
}

export async function ruleOf(s: Session, id: string): Promise<Rule> {
  return (await (await call(`/rules/${id}`, { token: s.token })).json()) as Rule;
}

export async function messagesOf(s: Session) {
  return (await stubOf(s).messagesSince(0)).entries;
}

/** The tx_proposal messages sent for one rule. */
export async function proposalMessagesOf(s: Session, ruleId: string) {
  return (await messagesOf(s)).filter(
    (m) => m.type === "tx_proposal" && m.payload.transaction.ruleId === ruleId,
  );
}

/** Sends one call signed with an anvil key and waits for it to be mined. */
export async function send(index: number, to: Hex, data: Hex, gas?: string): Promise<Hex> {
  const wallet = createWalletClient({ account: anvilAccount(index), transport: http(rpcUrl) });
  const hash = await wallet.sendTransaction({ chain: null, to, data, ...(gas ? { gas: BigInt(gas) } : {}) });
  await chain.waitForTransactionReceipt({ hash });
  return hash;
}

/** Signs a step without broadcasting it: the hash exists, the chain does not know it yet. */
export async function signStep(index: number, step: TransactionStep, data: Hex, nonce: number) {
  const account = anvilAccount(index);
  const wallet = createWalletClient({ account, chain: foundry, transport: http(rpcUrl) });
  const request = await wallet.prepareTransactionRequest({
    to: step.to as Hex,
    data,
    value: 0n,
    gas: BigInt(step.gas ?? "500000"),
    nonce,
  });
  const serialized = await account.signTransaction(request as Parameters<typeof account.signTransaction>[0]);
  return {
    hash: keccak256(serialized),
    broadcast: async () => {
      const hash = await wallet.sendRawTransaction({ serializedTransaction: serialized });
      await chain.waitForTransactionReceipt({ hash });
    },
  };
}

/**
 * The user's side of a proposal, as the approval page does it: approve, sign and send every step with the
 * account's key, report the hashes, and let the next tick read the receipts. Returns the transaction after it.
 */
export async function executeProposal(s: Session, proposal: Transaction): Promise<Transaction> {
  const approved = await call(`/transactions/${proposal.id}/approve`, { method: "POST", token: s.token });
  expect(approved.status, await approved.clone().text()).toBe(200);
  const hashes: Hex[] = [];
  for (const step of proposal.steps)
    hashes.push(await send(s.index, step.to as Hex, step.data as Hex, step.gas));
  const submitted = await call(`/transactions/${proposal.id}/submitted`, {
    method: "POST",
    token: s.token,
    json: { txHashes: hashes },
  });
  expect(submitted.status, await submitted.clone().text()).toBe(200);
  expect(((await submitted.json()) as Transaction).status).toBe("submitted");
  await tick(s);
  return transactionOf(s, proposal.id);
}

/** Moves a reserve's oracle price and makes the shared market cache forget the old one. */
export async function setPriceUsd(
  symbol: keyof typeof devnetDeployment.reserves,
  usd: number,
): Promise<void> {
  await setDevnetPrice(symbol, usd);
  await marketObject().invalidate();
}

/** The Pool's own view of an account (base currency, 8 decimals; HF as a wad). */
export async function accountDataOf(address: Address) {
  const [totalCollateralBase, totalDebtBase, , currentLiquidationThreshold, , healthFactor] =
    await chain.readContract({
      address: devnetDeployment.contracts.pool,
      abi: poolAbi,
      functionName: "getUserAccountData",
      args: [address],
    });
  return { totalCollateralBase, totalDebtBase, currentLiquidationThreshold, healthFactor };
}

export async function onChainHealthFactor(address: Address): Promise<number> {
  return Number((await accountDataOf(address)).healthFactor) / 1e18;
}

/** A reserve's terms read from the chain itself: AaveOracle's price, decimals, and the LT in the reserve's config. */
export async function assetTermsOf(symbol: keyof typeof devnetDeployment.reserves): Promise<AssetTerms> {
  const reserve = devnetDeployment.reserves[symbol];
  const [price, data] = await Promise.all([
    chain.readContract({
      address: devnetDeployment.contracts.aaveOracle,
      abi: aaveOracleAbi,
      functionName: "getAssetPrice",
      args: [reserve.underlying],
    }),
    chain.readContract({
      address: devnetDeployment.contracts.pool,
      abi: poolAbi,
      functionName: "getReserveData",
      args: [reserve.underlying],
    }),
  ]);
  // ReserveConfiguration: bits 16-31 are the liquidation threshold in basis points.
  const liquidationThreshold = (data.configuration.data >> 16n) & 0xffffn;
  return { price, decimals: reserve.decimals, liquidationThreshold };
}

export async function balanceOf(token: Address, owner: Address): Promise<bigint> {
  return chain.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] });
}

/** Sends the account's whole balance of a reserve's token to the whale, as if the user had spent it elsewhere. */
export async function emptyWallet(
  s: Pick<Session, "index" | "address">,
  symbol: keyof typeof devnetDeployment.reserves,
): Promise<void> {
  const token = devnetDeployment.reserves[symbol].underlying;
  const wallet = createWalletClient({ account: anvilAccount(s.index), transport: http(rpcUrl) });
  const hash = await wallet.writeContract({
    chain: null,
    address: token,
    abi: erc20Abi,
    functionName: "transfer",
    args: [anvilAccount(WHALE).address, await balanceOf(token, s.address)],
  });
  await chain.waitForTransactionReceipt({ hash });
}

/** Puts devnet tokens (open-mint) into a wallet, as if the user held them. */
export async function mintTo(
  symbol: keyof typeof devnetDeployment.reserves,
  to: Address,
  amount: bigint,
): Promise<void> {
  const wallet = createWalletClient({ account: anvilAccount(0), transport: http(rpcUrl) });
  const hash = await wallet.writeContract({
    chain: null,
    address: devnetDeployment.reserves[symbol].underlying,
    abi: testErc20Abi,
    functionName: "mint",
    args: [to, amount],
    gas: 200_000n,
  });
  await chain.waitForTransactionReceipt({ hash });
}
