/// <reference lib="dom" />
import { join } from "node:path";
import type { Page } from "playwright-core";
import { formatUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrice } from "../devnet/actions/setPrice";
import { devnetSession } from "../devnet/session";
import { poolAbi } from "../shared/abis/pool";
import { transactionSchema } from "../shared/schemas/transactions";
import { apiCaller } from "./harness/api";
import { serviceWorkerEndingWith } from "./harness/browser";
import { pressNotificationButton, shownNotifications } from "./harness/notifications";
import { installPageWallet, PAGE_WALLET_INFO, type PageWallet } from "./harness/pageWallet";
import { PAGE_WALLET_E2E_PORTS } from "./harness/ports";
import { awaitProposalNotification } from "./harness/proposals";
import { outDir, type Stack, startStack } from "./harness/stack";

// Sign-in and approvals through a wallet that lives in web pages (EIP-6963), not MetaMask's extension port:
// Vigil's pages reach it through a tab of the demo site. Own ports (8760-8769) and run folder.

let stack: Stack;
let wallet: PageWallet;
let token = "";
const APPROVE = 0;
const REJECT = 1;

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
const extensionUrl = (path: string) => `chrome-extension://${stack.browser.vigilId}/${path}`;

type StorageGlobal = {
  chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
};
type SessionStorageGlobal = {
  chrome: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } };
};
const storageGet = (page: Page, key: string) =>
  page.evaluate((k) => (globalThis as unknown as StorageGlobal).chrome.storage.local.get(k), key);

const api = apiCaller(
  () => stack.apiUrl,
  () => token,
);

const onChainHealthFactor = async () => {
  const session = devnetSession(stack.devnet.rpcUrl, stack.devnet.info);
  const data = await session.clients.publicClient.readContract({
    address: stack.devnet.pool,
    abi: poolAbi,
    functionName: "getUserAccountData",
    args: [stack.signer.address],
  });
  return Number(formatUnits(data[5], 18));
};

const repayRule = (name: string) => ({
  name,
  trigger: { type: "health_factor_below", value: 1.25 },
  action: { type: "repay", chainId: 31337, asset: "DAI", targetHealthFactor: 1.6 },
  guards: { cooldownSeconds: 3600, proposalExpirySeconds: 900, maxGasUsd: 25 },
});

/** The proposals Vigil's background keeps for the popup's first paint (`vigil:pendingApprovals`). */
async function cachedProposalIds(): Promise<string[]> {
  const worker = await serviceWorkerEndingWith(stack.browser.context, "background.js");
  const stored = await worker.evaluate(() =>
    (globalThis as unknown as StorageGlobal).chrome.storage.local.get("vigil:pendingApprovals"),
  );
  const cache = stored["vigil:pendingApprovals"] as { transactions: Array<{ id: string }> } | undefined;
  return cache?.transactions.map((transaction) => transaction.id) ?? [];
}

const webPages = () => stack.browser.context.pages().filter((page) => page.url().startsWith("http"));

beforeAll(async () => {
  stack = await startStack({ account: "borrower", ports: PAGE_WALLET_E2E_PORTS, runName: "page-wallet" });
  wallet = await installPageWallet(stack.browser.context, stack.signer.url);
});

afterAll(async () => {
  await stack?.stop();
});

describe("signing through a wallet found on a web page (EIP-6963)", () => {
  it("the wallet announced on the demo page is offered in the options and signs in through that page", async () => {
    const demo = await stack.browser.context.newPage();
    await demo.goto(stack.demoUrl);
    const options = await stack.browser.context.newPage();
    await options.goto(extensionUrl("options.html"));
    await expect
      .poll(async () => {
        const stored = (await storageGet(options, "vigil:discoveredWallets"))["vigil:discoveredWallets"];
        return ((stored as Array<{ rdns: string }> | undefined) ?? []).map((w) => w.rdns);
      })
      .toEqual([PAGE_WALLET_INFO.rdns]);
    await options.reload();
    await options.check('input[name="walletKind"] >> nth=1');
    await options.selectOption("select", PAGE_WALLET_INFO.rdns);
    await options.click('[data-testid="save"]');
    await expect.poll(() => options.textContent('[data-testid="options-status"]')).toBe("Saved.");

    const connect = await stack.browser.context.newPage();
    await connect.goto(extensionUrl("connect.html"));
    const button = connect.locator('[data-testid="connect-sign-in"]');
    await expect.poll(() => button.textContent()).toBe("Sign in with E2E Wallet");
    expect(await connect.textContent('[data-testid="connect-page-wallet"]')).toContain(
      new URL(stack.demoUrl).host,
    );
    await shot(connect, "connect-page-wallet");
    await button.click();
    // A page wallet's answers cross the page: the user confirms the account before anything is signed.
    await connect.waitForSelector('[data-testid="connect-confirm"]', { timeout: 30_000 });
    expect(await connect.textContent('[data-testid="connect-account"]')).toBe(stack.signer.address);
    expect(wallet.calls.map((call) => call.method)).not.toContain("personal_sign");
    await connect.click('[data-testid="connect-confirm-yes"]');
    await connect.waitForSelector('[data-testid="connect-done"]', { timeout: 30_000 });
    await shot(connect, "connect-page-wallet-done");

    // The page's wallet did the work, asked from the demo page: account, chain, then the EIP-4361 signature.
    expect(wallet.calls.map((call) => call.method)).toEqual([
      "eth_chainId",
      "eth_requestAccounts",
      "eth_chainId",
      "personal_sign",
    ]);
    expect(new Set(wallet.calls.map((call) => call.page))).toEqual(new Set([demo.url()]));
    const inSession = await options.evaluate(() =>
      (globalThis as unknown as SessionStorageGlobal).chrome.storage.session.get("vigil:session"),
    );
    const session = inSession["vigil:session"] as {
      token: string;
      address: string;
    };
    expect(session.address).toBe(stack.signer.address);
    token = session.token;
    // The API accepted that signature: the token opens the account.
    expect((await api<{ user: { address: string } }>("/me")).user.address).toBe(stack.signer.address);
    await Promise.all([options.close(), connect.close()]);
  });

  it("Reject on a proposal's notification cancels it without opening anything", async () => {
    const rule = await api<{ id: string }>("/rules", { method: "POST", json: repayRule("Repay (reject)") });
    await setPrice(devnetSession(stack.devnet.rpcUrl, stack.devnet.info), "WETH", 3100);
    await api("/portfolios/refresh", { method: "POST" });
    const proposal = await awaitProposalNotification(stack.browser.context, api, rule.id);
    // The socket's tx_proposal also lands in the popup's cache, with no popup open.
    await expect.poll(cachedProposalIds).toContain(proposal.id);
    const pagesBefore = stack.browser.context.pages().length;

    await pressNotificationButton(stack.browser.context, `vigil:proposal:${proposal.id}`, REJECT);
    await expect
      .poll(async () => transactionSchema.parse(await api(`/transactions/${proposal.id}`)).status)
      .toBe("rejected");
    expect(await shownNotifications(stack.browser.context)).not.toContain(`vigil:proposal:${proposal.id}`);
    // …and its tx_update (rejected) takes it out again.
    await expect.poll(cachedProposalIds).not.toContain(proposal.id);
    expect(stack.browser.context.pages()).toHaveLength(pagesBefore);
    await api(`/rules/${rule.id}`, { method: "PATCH", json: { enabled: false } });
  });

  it("Approve → approval page → each step signed by the page wallet; Vigil reopens the site when its tab is gone", async () => {
    for (const page of webPages()) await page.close();
    wallet.calls.length = 0;
    const rule = await api<{ id: string }>("/rules", { method: "POST", json: repayRule("Repay (sign)") });
    const proposal = await awaitProposalNotification(stack.browser.context, api, rule.id);

    const opened = stack.browser.context.waitForEvent("page", (page) =>
      page.url().includes("/approval.html"),
    );
    await pressNotificationButton(stack.browser.context, `vigil:proposal:${proposal.id}`, APPROVE);
    const approval = await opened;
    await approval.setViewportSize({ width: 900, height: 1000 });
    await approval.waitForSelector('[data-testid="approval"][data-state="ready"]', { timeout: 20_000 });
    await expect
      .poll(() => approval.textContent('[data-testid="approval-sign"]'))
      .toBe("Sign with E2E Wallet");
    expect(await approval.textContent('[data-testid="approval-page-wallet"]')).toContain(
      new URL(stack.demoUrl).host,
    );
    await approval.click('[data-testid="approval-sign"]');
    await approval.waitForSelector('[data-testid="approval-status"][data-status="confirmed"]', {
      timeout: 100_000,
    });
    await shot(approval, "approval-page-wallet-confirmed");

    // No tab had the wallet, so Vigil opened the page where it was seen, in the background, and asked there.
    const reopened = webPages();
    expect(reopened.map((page) => page.url())).toEqual([stack.demoUrl]);
    const sends = wallet.calls.filter((call) => call.method === "eth_sendTransaction");
    expect(sends).toHaveLength(proposal.steps.length);
    expect(new Set(sends.map((call) => call.page))).toEqual(new Set([stack.demoUrl]));
    // The signer saw exactly the proposal's steps, from the signed-in account, in order.
    const sent = stack.signer.calls.filter((call) => call.method === "eth_sendTransaction");
    expect(sent.map((call) => (call.params[0] as { to: string }).to)).toEqual(
      proposal.steps.map((step) => step.to),
    );
    expect(sent.map((call) => (call.params[0] as { from: string }).from)).toEqual(
      proposal.steps.map(() => stack.signer.address),
    );
    const done = transactionSchema.parse(await api(`/transactions/${proposal.id}`));
    expect(done.txHashes).toHaveLength(proposal.steps.length);
    expect(await onChainHealthFactor()).toBeGreaterThanOrEqual(1.6);
    await approval.close();
  });
});
