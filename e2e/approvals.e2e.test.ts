/// <reference lib="dom" />
import { join } from "node:path";
import type { Page } from "playwright-core";
import { encodeFunctionData, erc20Abi, formatUnits, type Hex, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrice } from "../devnet/actions/setPrice";
import { devnetAccounts } from "../devnet/seed/accounts";
import { devnetSession } from "../devnet/session";
import { poolAbi } from "../shared/abis/pool";
import { DEFAULT_ALERT_THRESHOLD } from "../shared/schemas/settings";
import {
  type Transaction,
  type TransactionList,
  type TransactionStep,
  transactionSchema,
} from "../shared/schemas/transactions";
import { formatHealthFactorAgainst } from "../shared/words/healthFactorText";
import { apiCaller } from "./harness/api";
import {
  pressNotificationButton,
  recordedNotifications,
  recordNotifications,
  shownNotifications,
} from "./harness/notifications";
import { installPageWallet } from "./harness/pageWallet";
import { APPROVALS_E2E_PORTS } from "./harness/ports";
import { clickInClosedShadowRoots, textInClosedShadowRoots } from "./harness/shadowText";
import { signInThroughWallet } from "./harness/signIn";
import { outDir, type Stack, startStack } from "./harness/stack";

// Proposals through the user's wallet and the pre-sign preview, against the real devnet and worker.
// Own ports (8750-8799) and run folder, so it can run next to the popup's e2e files.

let stack: Stack;
let token = "";

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
const extensionUrl = (path: string) => `chrome-extension://${stack.browser.vigilId}/${path}`;

const APPROVE_BUTTON = 0;

const api = apiCaller(
  () => stack.apiUrl,
  () => token,
);

const onChainAccount = async () => {
  const session = devnetSession(stack.devnet.rpcUrl, stack.devnet.info);
  const [collateral, debt, , liquidationThreshold, , healthFactor] =
    await session.clients.publicClient.readContract({
      address: stack.devnet.pool,
      abi: poolAbi,
      functionName: "getUserAccountData",
      args: [stack.signer.address],
    });
  return { collateral, debt, liquidationThreshold, healthFactor: Number(formatUnits(healthFactor, 18)) };
};

const sendTransactions = () => stack.signer.calls.filter((call) => call.method === "eth_sendTransaction");

/** The user's own transaction outside Vigil, sent by the test's signer (its key) and mined. */
async function signerSends(to: Hex, data: Hex): Promise<void> {
  const response = await fetch(`${stack.signer.url}/rpc`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ method: "eth_sendTransaction", params: [{ to, data, value: "0x0" }] }),
  });
  const hash = ((await response.json()) as { result: Hex }).result;
  const receipt = await devnetSession(
    stack.devnet.rpcUrl,
    stack.devnet.info,
  ).clients.publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
}

/** Proposal notifications currently shown (ids are `vigil:proposal:<transaction id>`). */
async function proposalNotifications(): Promise<string[]> {
  const ids = await shownNotifications(stack.browser.context);
  return ids.filter((id) => id.startsWith("vigil:proposal:")).map((id) => id.slice("vigil:proposal:".length));
}

/** A rule for the seeded borrower that fires once HF < 1.25 and repays DAI up to HF 1.6. */
const repayRule = (name: string) => ({
  name,
  trigger: { type: "health_factor_below", value: 1.25 },
  action: { type: "repay", chainId: 31337, asset: "DAI", targetHealthFactor: 1.6 },
  guards: { cooldownSeconds: 3600, proposalExpirySeconds: 900, maxGasUsd: 25 },
});

/** Waits for the proposal notification of `ruleId`'s proposal and presses its Approve button. */
async function awaitProposalAndOpen(
  ruleId: string,
  seen: Set<string>,
): Promise<{ page: Page; proposal: Transaction }> {
  let proposalId: string | undefined;
  await expect
    .poll(
      async () => {
        for (const id of await proposalNotifications()) {
          if (seen.has(id)) continue;
          const transaction = transactionSchema.parse(await api(`/transactions/${id}`));
          if (transaction.ruleId === ruleId) proposalId = id;
        }
        return proposalId;
      },
      { timeout: 100_000, interval: 1000 },
    )
    .toBeDefined();
  if (!proposalId) throw new Error("no proposal");
  seen.add(proposalId);
  const opened = stack.browser.context.waitForEvent("page", (page) => page.url().includes("/approval.html"));
  await pressNotificationButton(stack.browser.context, `vigil:proposal:${proposalId}`, APPROVE_BUTTON);
  const page = await opened;
  await page.setViewportSize({ width: 900, height: 1000 });
  await page.waitForSelector('[data-testid="approval"][data-state="ready"]', { timeout: 20_000 });
  // Pressing a button answers the notification: it goes away.
  expect(await proposalNotifications()).not.toContain(proposalId);
  return { page, proposal: transactionSchema.parse(await api(`/transactions/${proposalId}`)) };
}

beforeAll(async () => {
  stack = await startStack({ account: "borrower", ports: APPROVALS_E2E_PORTS, runName: "approvals" });
});

afterAll(async () => {
  await stack?.stop();
});

describe("proposals through the wallet, and the pre-sign preview", () => {
  const seenProposals = new Set<string>();

  it("signs in through the MetaMask-protocol wallet", async () => {
    token = await signInThroughWallet(stack);
  });

  it("previews a borrow on the demo page before the wallet is asked; cancel rejects with 4001", async () => {
    const page = await stack.browser.context.newPage();
    // The page's wallet: an EIP-6963 provider (and window.ethereum) whose requests go to the test's signer.
    const wallet = await installPageWallet(page, stack.signer.url);
    const walletCalls = () => wallet.calls.map((call) => call.method);
    await page.goto(stack.demoUrl);
    const cdp = await stack.browser.context.newCDPSession(page);
    const before = await onChainAccount();
    await expect
      .poll(async () => (await textInClosedShadowRoots(cdp)).join(" | "), { timeout: 30_000 })
      .toContain(`Vigil · HF ${formatHealthFactorAgainst(before.healthFactor, DEFAULT_ALERT_THRESHOLD)}`);

    // The dapp asks to borrow 300 DAI through the provider it discovered (EIP-6963), as app.aave.com would.
    const dai = stack.devnet.info.reserves.DAI.underlying;
    const amount = parseUnits("300", 18);
    const data = encodeFunctionData({
      abi: poolAbi,
      functionName: "borrow",
      args: [dai, amount, 2n, 0, stack.signer.address],
    });
    const askToBorrow = () =>
      page.evaluate(
        ({ from, to, data }) => {
          const state = window as unknown as { __provider?: { request(a: unknown): Promise<unknown> } };
          window.addEventListener(
            "eip6963:announceProvider",
            (event) => {
              state.__provider = (
                event as CustomEvent<{ provider: typeof state.__provider }>
              ).detail.provider;
            },
            { once: true },
          );
          window.dispatchEvent(new Event("eip6963:requestProvider"));
          const outcome = state.__provider
            ?.request({ method: "eth_sendTransaction", params: [{ from, to, data }] })
            .then(
              (hash) => ({ ok: true, hash }),
              (error: { code?: number; message?: string }) => ({
                ok: false,
                code: error.code,
                message: error.message,
              }),
            );
          (window as unknown as { __outcome?: unknown }).__outcome = outcome;
        },
        { from: stack.signer.address, to: stack.devnet.pool, data },
      );
    const outcome = () =>
      page.evaluate(() => (window as unknown as { __outcome: Promise<unknown> }).__outcome);

    // HF after, by the Pool's formula on chain data: Σ(collateral·LT) / (debt + 300 DAI).
    const portfolio = await api<{ aave: Array<{ borrows: Array<{ symbol: string; priceUsd: number }> }> }>(
      "/portfolios",
    );
    const daiUsd = portfolio.aave[0]?.borrows.find((b) => b.symbol === "DAI")?.priceUsd ?? 1;
    const expectedAfter =
      (Number(before.collateral) * Number(before.liquidationThreshold)) /
      10_000 /
      (Number(before.debt) + 300 * daiUsd * 1e8);
    const hfLine = `${formatHealthFactorAgainst(before.healthFactor, DEFAULT_ALERT_THRESHOLD)} → ${formatHealthFactorAgainst(expectedAfter, DEFAULT_ALERT_THRESHOLD)}`;

    await askToBorrow();
    await expect
      .poll(async () => (await textInClosedShadowRoots(cdp)).join(" | "), { timeout: 20_000 })
      .toContain(hfLine);
    const shown = (await textInClosedShadowRoots(cdp)).join(" | ");
    expect(shown).toContain("Vigil · Borrow on Aave");
    expect(shown).toContain("300 DAI");
    expect(shown).toMatch(/\d+ % \((low|medium|high)\) → (< 1|\d+) % \((low|medium|high)\)/);
    // The wallet has not been asked to send anything yet.
    expect(walletCalls()).not.toContain("eth_sendTransaction");
    await shot(page, "overlay-presign-preview");

    // Cancel (Escape on the card): the dapp gets EIP-1193's 4001, the wallet never sees the request.
    await page.keyboard.press("Escape");
    expect(await outcome()).toMatchObject({ ok: false, code: 4001 });
    expect(walletCalls()).not.toContain("eth_sendTransaction");
    expect(sendTransactions()).toEqual([]);

    // Again: HF after is under the user's 1.3 alert, so the card blocks like Rabby: red warning, Cancel is the
    // default (Enter cancels), "Continue anyway" is off until the user ticks the acknowledgement.
    await askToBorrow();
    await expect
      .poll(async () => (await textInClosedShadowRoots(cdp)).join(" | "), { timeout: 20_000 })
      .toContain(hfLine);
    expect((await textInClosedShadowRoots(cdp)).join(" | ")).toContain(
      "This borrow puts you below your 1.30 alert",
    );
    await page.keyboard.press("Enter");
    expect(await outcome()).toMatchObject({ ok: false, code: 4001 });
    expect(sendTransactions()).toEqual([]);

    // A third time, and continue deliberately: the request reaches the wallet unchanged and the chain lands on
    // the health factor the preview showed.
    await askToBorrow();
    await expect
      .poll(async () => (await textInClosedShadowRoots(cdp)).join(" | "), { timeout: 20_000 })
      .toContain(hfLine);
    await clickInClosedShadowRoots(cdp, "vigil-preview-continue");
    expect(walletCalls()).not.toContain("eth_sendTransaction");
    await clickInClosedShadowRoots(cdp, "vigil-preview-ack");
    await clickInClosedShadowRoots(cdp, "vigil-preview-continue");
    const sent = (await outcome()) as { ok: boolean; hash?: Hex };
    expect(sent.ok).toBe(true);
    expect(walletCalls().filter((m) => m === "eth_sendTransaction")).toHaveLength(1);
    const [forwarded] = sendTransactions();
    expect(forwarded?.params[0]).toEqual({ from: stack.signer.address, to: stack.devnet.pool, data });
    const receipt = await devnetSession(
      stack.devnet.rpcUrl,
      stack.devnet.info,
    ).clients.publicClient.waitForTransactionReceipt({ hash: sent.hash as Hex });
    expect(receipt.status, `borrow ${sent.hash} (gas used ${receipt.gasUsed})`).toBe("success");
    const after = await onChainAccount();
    expect(after.healthFactor.toFixed(2)).toBe(expectedAfter.toFixed(2));

    // Anything else passes through untouched: no preview for a read.
    const chainId = await page.evaluate(() =>
      (window as unknown as { ethereum: { request(a: unknown): Promise<unknown> } }).ethereum.request({
        method: "eth_chainId",
      }),
    );
    expect(chainId).toBe("0x7a69");
    await page.close();
    stack.signer.calls.length = 0;
  });

  it("a rule fires after a WETH drop → proposal notification → approval page → Reject cancels it", async () => {
    const rule = await api<{ id: string }>("/rules", {
      method: "POST",
      json: repayRule("Repay DAI (reject)"),
    });
    await setPrice(devnetSession(stack.devnet.rpcUrl, stack.devnet.info), "WETH", 3100);
    await api("/portfolios/refresh", { method: "POST" });

    const { page, proposal } = await awaitProposalAndOpen(rule.id, seenProposals);
    expect(proposal.status).toBe("pending");
    expect(await page.textContent('[data-testid="approval-title"]')).toBe(proposal.title);
    expect(await page.textContent('[data-testid="approval-countdown"]')).toMatch(/^\d+:\d\d left$/);
    await shot(page, "approval-page");

    await page.click('[data-testid="approval-reject"]');
    await page.waitForSelector('[data-testid="approval-status"][data-status="rejected"]');
    expect(transactionSchema.parse(await api(`/transactions/${proposal.id}`)).status).toBe("rejected");
    expect(sendTransactions()).toEqual([]);

    // The rule proposes again while this page is open (as the background's list of waiting proposals says): the
    // page that can no longer be signed points to the newer one.
    const newer = {
      ...proposal,
      id: crypto.randomUUID(),
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    };
    await page.evaluate(async (transaction) => {
      const { chrome } = globalThis as unknown as {
        chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } };
      };
      await chrome.storage.local.set({
        "vigil:pendingApprovals": { transactions: [transaction], fetchedAt: Date.now() },
      });
    }, newer);
    const successor = page.locator('[data-testid="approval-successor"]');
    await successor.waitFor();
    expect(await successor.getAttribute("data-successor")).toBe(newer.id);
    expect(await successor.locator("a").getAttribute("href")).toBe(`#${newer.id}`);
    expect(await successor.textContent()).toContain("Its rule proposed again since");
    await api(`/rules/${rule.id}`, { method: "PATCH", json: { enabled: false } });
    await page.close();
  });

  it("a proposal that would fail now says so as its page opens, before anything is signed", async () => {
    const session = devnetSession(stack.devnet.rpcUrl, stack.devnet.info);
    const dai = stack.devnet.info.reserves.DAI.underlying;
    const whale = devnetAccounts.whale;
    const daiOf = (owner: Hex) =>
      session.clients.publicClient.readContract({
        address: dai,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [owner],
      });
    const rule = await api<{ id: string }>("/rules", {
      method: "POST",
      json: repayRule("Repay DAI (stale)"),
    });
    await expect
      .poll(async () => (await api<TransactionList>(`/transactions?ruleId=${rule.id}`)).transactions.length, {
        timeout: 100_000,
        interval: 1000,
      })
      .toBe(1);
    // The DAI leaves the wallet (spent elsewhere) after the proposal was worked out: its repay cannot go through.
    const held = await daiOf(stack.signer.address);
    expect(held).toBeGreaterThan(0n);
    await signerSends(
      dai,
      encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [whale.address, held] }),
    );
    expect(await daiOf(stack.signer.address)).toBe(0n);

    const { page, proposal } = await awaitProposalAndOpen(rule.id, seenProposals);
    const check = page.locator('[data-testid="approval-open-check"][data-state="failed"]');
    await check.waitFor({ timeout: 30_000 });
    expect(await check.textContent()).toMatch(
      /^Checked against the chain as this page opened: The proposal is stale: step 2 would fail now because your wallet holds less DAI than this sends \(the DAI token's “TestERC20: balance”\)\.$/,
    );
    // The simulation from when it was worked out no longer reads as a success.
    expect(await page.getAttribute('[data-testid="approval-simulation"]', "data-ok")).toBe("false");
    expect(await page.textContent('[data-testid="approval-simulation"]')).toMatch(/, not now: see below\.$/);
    await shot(page, "approval-page-stale-on-open");
    // Nothing was asked of the wallet, and the proposal is still the user's to reject.
    expect(sendTransactions().filter((call) => (call.params[0] as { to: string }).to !== dai)).toEqual([]);
    await page.click('[data-testid="approval-reject"]');
    await page.waitForSelector('[data-testid="approval-status"][data-status="rejected"]');
    expect(transactionSchema.parse(await api(`/transactions/${proposal.id}`)).status).toBe("rejected");
    await api(`/rules/${rule.id}`, { method: "DELETE" }); // the free plan's 3 rules are for the tests after it
    await page.close();

    // The DAI comes back for the next tests.
    const back = await session.clients.walletFor(whale.privateKey).writeContract({
      address: dai,
      abi: erc20Abi,
      functionName: "transfer",
      args: [stack.signer.address, held],
    });
    await session.clients.publicClient.waitForTransactionReceipt({ hash: back });
    expect(await daiOf(stack.signer.address)).toBe(held);
    stack.signer.calls.length = 0;
  });

  it("the wallet declines step 2: the proposal stays open and says so; Sign again asks only for step 2", async () => {
    await recordNotifications(stack.browser.context);
    const rule = await api<{ id: string }>("/rules", {
      method: "POST",
      json: repayRule("Repay DAI (declined)"),
    });
    const { page, proposal } = await awaitProposalAndOpen(rule.id, seenProposals);
    expect(proposal.steps).toHaveLength(2);
    const [approveStep, repayStep] = proposal.steps as [TransactionStep, TransactionStep];
    const sentData = () => sendTransactions().map((call) => (call.params[0] as { data: string }).data);
    const before = sentData().length;

    // The approval goes through; the wallet answers 4001 to the repay (a stray click, or a page that says so).
    stack.signer.declineSendAfter(1);
    await page.click('[data-testid="approval-sign"]');
    await page.waitForSelector('[data-testid="approval-status"][data-declined-step="1"]', {
      timeout: 100_000,
    });
    await page.waitForSelector('[data-testid="approval-sign"]:not([disabled])');
    expect(sentData().slice(before)).toEqual([approveStep.data, repayStep.data]);
    const declined = transactionSchema.parse(await api(`/transactions/${proposal.id}`));
    expect(declined).toMatchObject({ status: "approved", declinedStep: 1 });
    expect(declined.txHashes).toHaveLength(1);
    expect(await page.textContent('[data-testid="approval-status"]')).toContain(
      "Declined in your wallet. Still open: sign again, or reject it.",
    );
    const detail =
      "Your wallet declined step 2 of 2; it was not sent. Step 1 is on chain: signing again continues from step 2.";
    expect(await page.textContent('[data-testid="approval-status-detail"]')).toBe(detail);
    expect(await page.textContent('[data-testid="approval-sign"]')).toMatch(/^Sign again with /);
    await shot(page, "approval-page-wallet-declined");
    // Told once, as a notification that names the proposal.
    await expect
      .poll(async () =>
        (await recordedNotifications(stack.browser.context)).filter(
          (n) => n.title === "Your wallet declined the transaction",
        ),
      )
      .toEqual([expect.objectContaining({ message: `${proposal.title}: ${detail}` })]);

    // Sign again: the approval is on chain, so only the repay reaches the wallet (declined once more here).
    stack.signer.declineSendAfter(0);
    await page.click('[data-testid="approval-sign"]');
    await expect.poll(() => sentData().length, { timeout: 60_000 }).toBe(before + 3);
    expect(sentData().at(-1)).toBe(repayStep.data);
    await page.waitForSelector('[data-testid="approval-sign"]:not([disabled])');
    expect(transactionSchema.parse(await api(`/transactions/${proposal.id}`))).toMatchObject({
      status: "approved",
      declinedStep: 1,
      txHashes: declined.txHashes,
    });

    // Vigil's own Reject is the user's decision: it ends the proposal, saying the approval is on chain.
    await page.click('[data-testid="approval-reject"]');
    await page.waitForSelector('[data-testid="approval-status"][data-status="rejected"]');
    expect(await page.textContent('[data-testid="approval-status"]')).toContain(
      "Rejected. Step 1 was sent; the action itself did not happen.",
    );
    await api(`/rules/${rule.id}`, { method: "PATCH", json: { enabled: false } });
    await page.close();
    stack.signer.calls.length = 0;
  });

  it("a second rule's proposal: Sign re-simulates, sends each step through the wallet, confirms on chain", async () => {
    const rule = await api<{ id: string }>("/rules", { method: "POST", json: repayRule("Repay DAI (sign)") });
    const { page, proposal } = await awaitProposalAndOpen(rule.id, seenProposals);
    const preview = proposal.preview;
    expect(preview?.healthFactor.before).toBeLessThan(1.25);

    // The page shows the preview the API computed.
    expect(await page.textContent('[data-testid="approval-amount"]')).toContain("DAI");
    expect(await page.textContent('[data-testid="approval-gas"]')).toMatch(/^\$\d/);
    expect(await page.getAttribute('[data-testid="approval-simulation"]', "data-ok")).toBe("true");
    expect(await page.textContent('[data-testid="approval-hf"]')).toContain(
      preview?.healthFactor.before?.toFixed(2) ?? "?",
    );
    // Opening the page read the chain once: the health factor it has now is there before anything is signed.
    await expect
      .poll(() => page.textContent('[data-testid="approval-hf-label"]'), { timeout: 30_000 })
      .toMatch(/^Health factor on the chain \(read at block \d+, /);
    expect(await page.locator('[data-testid="approval-open-check"]').count()).toBe(0);
    await shot(page, "approval-page-before-sign");

    await page.click('[data-testid="approval-sign"]');
    await page.waitForSelector('[data-testid="approval-status"][data-status="confirmed"]', {
      timeout: 100_000,
    });
    await shot(page, "approval-page-confirmed");
    // Sign re-read the health factor from the chain as the wallet opened: the page says so. Nothing moved since the
    // proposal, so the figures are the worked-out ones, said once.
    expect(await page.textContent('[data-testid="approval-hf-label"]')).toMatch(
      /^Health factor on the chain \(read at block \d+, /,
    );
    expect(await page.textContent('[data-testid="approval-hf"]')).toContain(
      preview?.healthFactor.after?.toFixed(2) ?? "?",
    );
    expect(await page.locator('[data-testid="approval-hf-worked-out"]').count()).toBe(0);

    // Each step went through the wallet from the signed-in account, in order; the API has the hashes.
    const sent = sendTransactions();
    expect(sent).toHaveLength(proposal.steps.length);
    sent.forEach((call, index) => {
      const params = call.params[0] as { from: string; to: string; data: string };
      expect(params.from).toBe(stack.signer.address);
      expect(params.to).toBe(proposal.steps[index]?.to);
      expect(params.data).toBe(proposal.steps[index]?.data);
    });
    const done = transactionSchema.parse(await api(`/transactions/${proposal.id}`));
    expect(done.status).toBe("confirmed");
    expect(done.txHashes).toHaveLength(proposal.steps.length);
    const onChain = await onChainAccount();
    expect(onChain.healthFactor).toBeGreaterThanOrEqual(1.6);

    // The popup follows: its health factor becomes the chain's.
    const popup = await stack.browser.context.newPage();
    await popup.setViewportSize({ width: 380, height: 600 });
    await popup.goto(extensionUrl("popup.html"));
    await expect
      .poll(
        () => popup.textContent('[data-testid="portfolio"] [data-testid="health-factor"]').catch(() => ""),
        {
          timeout: 60_000,
          interval: 1000,
        },
      )
      .toContain(onChain.healthFactor.toFixed(2));
    await shot(popup, "popup-after-repay");
    await Promise.all([page.close(), popup.close()]);
  });
});
