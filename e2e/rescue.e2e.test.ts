/// <reference lib="dom" />
import { join } from "node:path";
import type { Page } from "playwright-core";
import { formatUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrice } from "../devnet/actions/setPrice";
import { devnetSession } from "../devnet/session";
import { poolAbi } from "../shared/abis/pool";
import { DEFAULT_ALERT_THRESHOLD } from "../shared/schemas/settings";
import { type TransactionList, transactionSchema } from "../shared/schemas/transactions";
import { formatHealthFactorAgainst } from "../shared/words/healthFactorText";
import { apiCaller } from "./harness/api";
import { RESCUE_E2E_PORTS } from "./harness/ports";
import { signInThroughWallet } from "./harness/signIn";
import { outDir, type Stack, startStack } from "./harness/stack";

// The popup's way out of a risky position, against the real devnet and worker: the seeded borrower falls under
// its 1.3 alert, the overview offers Repay with the amount that reaches 1.5, the approval page signs it through
// the wallet, and the chain confirms a health factor at the target. Own ports (9100-9109) and run folder.

let stack: Stack;
let token = "";

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
const extensionUrl = (path: string) => `chrome-extension://${stack.browser.vigilId}/${path}`;

const api = apiCaller(
  () => stack.apiUrl,
  () => token,
);

const onChainHealthFactor = async () => {
  const session = devnetSession(stack.devnet.rpcUrl, stack.devnet.info);
  const [, , , , , healthFactor] = await session.clients.publicClient.readContract({
    address: stack.devnet.pool,
    abi: poolAbi,
    functionName: "getUserAccountData",
    args: [stack.signer.address],
  });
  return Number(formatUnits(healthFactor, 18));
};

const sendTransactions = () => stack.signer.calls.filter((call) => call.method === "eth_sendTransaction");

beforeAll(async () => {
  stack = await startStack({ account: "borrower", ports: RESCUE_E2E_PORTS, runName: "rescue" });
});

afterAll(async () => {
  await stack?.stop();
});

describe("the popup's rescue", () => {
  it("signs in through the MetaMask-protocol wallet", async () => {
    token = await signInThroughWallet(stack);
  });

  it("popup → Repay → approval page → wallet signs → confirmed on chain at the target", async () => {
    // WETH falls: the borrower's HF goes under its 1.3 alert.
    await setPrice(devnetSession(stack.devnet.rpcUrl, stack.devnet.info), "WETH", 3100);
    await api("/portfolios/refresh", { method: "POST" });
    const before = await onChainHealthFactor();
    expect(before).toBeLessThan(1.3);

    const popup = await stack.browser.context.newPage();
    await popup.setViewportSize({ width: 380, height: 700 });
    await popup.goto(extensionUrl("popup.html"));
    // The popup follows the chain (live update after the price block), then offers the way out sized to it.
    await expect
      .poll(
        () => popup.textContent('[data-testid="portfolio"] [data-testid="health-factor"]').catch(() => ""),
        {
          timeout: 60_000,
          interval: 1000,
        },
      )
      .toContain(formatHealthFactorAgainst(before, DEFAULT_ALERT_THRESHOLD));
    await popup.waitForSelector('[data-testid="rescue-repay"]', { timeout: 10_000 });
    expect(await popup.textContent('[data-testid="rescue"] h3')).toBe(
      "Bring your health factor back to 1.50",
    );
    expect(await popup.textContent('[data-testid="rescue-target"]')).toContain("your alert is at 1.30");
    const label = (await popup.textContent('[data-testid="rescue-repay"]')) ?? "";
    expect(label).toMatch(/^Repay [\d,.]+ DAI$/);
    const estimate = Number(label.replace(/[^\d.]/g, ""));
    expect(await popup.textContent('[data-testid="rescue-supply"]')).toMatch(/^Add collateral [\d,.]+ WETH$/);
    // The popup is 380 px wide: the buttons wrap inside it, nothing overflows sideways.
    expect(await popup.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(380);
    await shot(popup, "popup-rescue");

    const opened = stack.browser.context.waitForEvent("page", (page) =>
      page.url().includes("/approval.html"),
    );
    await popup.click('[data-testid="rescue-repay"]');
    const page = await opened;
    await page.setViewportSize({ width: 900, height: 1000 });
    await page.waitForSelector('[data-testid="approval"][data-state="ready"]', { timeout: 30_000 });
    const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
    const proposal = transactionSchema.parse(await api(`/transactions/${id}`));
    expect(proposal).toMatchObject({ ruleId: null, status: "pending" });
    expect(proposal.preview?.healthFactor.after).toBeCloseTo(1.5, 2);
    // The popup's estimate is the server's amount within 1 %.
    expect(Math.abs((proposal.preview?.amount ?? 0) - estimate) / estimate).toBeLessThan(0.01);
    expect(await page.textContent('[data-testid="approval-title"]')).toBe(proposal.title);
    await shot(page, "approval-rescue");

    // Asking again while it is open gives the same proposal, not a second one.
    const pending = await api<TransactionList>("/transactions?status=pending");
    expect(pending.transactions.filter((t) => t.ruleId === null).map((t) => t.id)).toEqual([id]);

    await page.click('[data-testid="approval-sign"]');
    await page.waitForSelector('[data-testid="approval-status"][data-status="confirmed"]', {
      timeout: 100_000,
    });
    await shot(page, "approval-rescue-confirmed");
    const sent = sendTransactions();
    expect(sent).toHaveLength(proposal.steps.length);
    sent.forEach((call, index) => {
      const params = call.params[0] as { to: string; data: string };
      expect(params.to).toBe(proposal.steps[index]?.to);
      expect(params.data).toBe(proposal.steps[index]?.data);
    });
    expect(transactionSchema.parse(await api(`/transactions/${id}`)).status).toBe("confirmed");
    const after = await onChainHealthFactor();
    expect(after).toBeGreaterThanOrEqual(1.495);
    expect(after).toBeLessThan(1.52);

    // Back above the alert: the popup no longer offers a rescue.
    await popup.reload();
    await expect
      .poll(
        () => popup.textContent('[data-testid="portfolio"] [data-testid="health-factor"]').catch(() => ""),
        {
          timeout: 60_000,
          interval: 1000,
        },
      )
      .toContain(formatHealthFactorAgainst(after, DEFAULT_ALERT_THRESHOLD));
    expect(await popup.$('[data-testid="rescue"]')).toBeNull();
    await shot(popup, "popup-after-rescue");
    await Promise.all([page.close(), popup.close()]);
  });
});
