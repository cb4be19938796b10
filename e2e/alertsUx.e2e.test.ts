/// <reference lib="dom" />
import { join } from "node:path";
import type { Page } from "playwright-core";
import { encodeFunctionData, formatUnits, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrice } from "../devnet/actions/setPrice";
import { devnetSession } from "../devnet/session";
import { devnetAccounts } from "../devnet/testing";
import { poolAbi } from "../shared/abis/pool";
import { DEFAULT_ALERT_THRESHOLD } from "../shared/schemas/settings";
import { transactionSchema } from "../shared/schemas/transactions";
import { formatHealthFactor, formatHealthFactorAgainst } from "../shared/words/healthFactorText";
import { apiCaller } from "./harness/api";
import { layoutProblems } from "./harness/layout";
import {
  pressNotificationButton,
  recordedNotifications,
  recordNotifications,
  shownNotifications,
} from "./harness/notifications";
import { installPageWallet } from "./harness/pageWallet";
import { ALERTS_UX_E2E_PORTS } from "./harness/ports";
import { installRecordingWallet } from "./harness/recordingWallet";
import { clickInClosedShadowRoots, textInClosedShadowRoots } from "./harness/shadowText";
import { signInThroughWallet } from "./harness/signIn";
import { type Stack, startStack } from "./harness/stack";

// What a borrower meets around alerts, in Chromium against the devnet and the worker: the pre-sign card that
// blocks a borrow leaving HF < 1, the in-page badge opening the dashboard, the approval page switching the
// wallet's chain for the user, and the rule card saying when its cooldown ends. Own ports (8950-8959).

let stack: Stack;
let token = "";
const runName = "alerts-ux";

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(stack.runDir, `${name}.png`), fullPage: true });
const extensionUrl = (path: string) => `chrome-extension://${stack.browser.vigilId}/${path}`;
const api = apiCaller(
  () => stack.apiUrl,
  () => token,
);
const session = () => devnetSession(stack.devnet.rpcUrl, stack.devnet.info);

async function healthFactorOnChain(): Promise<number> {
  const account = await session().clients.publicClient.readContract({
    address: stack.devnet.pool,
    abi: poolAbi,
    functionName: "getUserAccountData",
    args: [stack.signer.address],
  });
  return Number(formatUnits(account[5], 18));
}

beforeAll(async () => {
  stack = await startStack({ account: "borrower", ports: ALERTS_UX_E2E_PORTS, runName });
});

afterAll(async () => {
  await stack?.stop();
});

describe("a borrower's alerts UX (Chromium, devnet, worker)", () => {
  it("signs in through the MetaMask-protocol wallet", async () => {
    token = await signInThroughWallet(stack);
  });

  it("a borrow that would leave HF < 1 is blocked: red warning, Enter cancels, continuing takes a tick", async () => {
    const page = await stack.browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 640 });
    const wallet = await installPageWallet(page, stack.signer.url);
    await page.goto(stack.demoUrl);
    const cdp = await stack.browser.context.newCDPSession(page);
    const card = async () => (await textInClosedShadowRoots(cdp)).join(" | ");
    const before = await healthFactorOnChain();
    await expect
      .poll(card, { timeout: 30_000 })
      .toContain(`Vigil · HF ${formatHealthFactorAgainst(before, DEFAULT_ALERT_THRESHOLD)}`);

    // 8,000 DAI more on 21,260 DAI of debt at HF 1.30: about 1.30 · 21,260 / 29,260 ≈ 0.94.
    const data = encodeFunctionData({
      abi: poolAbi,
      functionName: "borrow",
      args: [stack.devnet.info.reserves.DAI.underlying, parseUnits("8000", 18), 2n, 0, stack.signer.address],
    });
    const ask = () =>
      page.evaluate(
        ({ from, to, data }) => {
          const w = window as unknown as {
            ethereum: { request(a: unknown): Promise<unknown> };
            __outcome?: unknown;
          };
          w.__outcome = w.ethereum
            .request({ method: "eth_sendTransaction", params: [{ from, to, data }] })
            .then(
              (hash) => ({ ok: true, hash }),
              (error: { code?: number }) => ({ ok: false, code: error.code }),
            );
        },
        { from: stack.signer.address, to: stack.devnet.pool, data },
      );
    const outcome = () =>
      page.evaluate(() => (window as unknown as { __outcome: Promise<unknown> }).__outcome);
    const sends = () => wallet.calls.filter((call) => call.method === "eth_sendTransaction");

    await ask();
    await expect
      .poll(card, { timeout: 20_000 })
      .toContain("This borrow would make your position liquidatable");
    const shown = await card();
    expect(shown).toMatch(/Health factor after: 0\.9\d, below 1\./);
    expect(shown).toContain("Continue anyway");
    await shot(page, "presign-block-liquidatable-360");
    // Cancel is the default: Enter on the card cancels, the dapp gets 4001, the wallet never sees it.
    await page.keyboard.press("Enter");
    expect(await outcome()).toEqual({ ok: false, code: 4001 });
    expect(sends()).toEqual([]);
    expect(await card()).not.toContain("liquidatable");

    // "Continue anyway" does nothing until the acknowledgement is ticked; Escape still cancels.
    await ask();
    await expect
      .poll(card, { timeout: 20_000 })
      .toContain("This borrow would make your position liquidatable");
    await clickInClosedShadowRoots(cdp, "vigil-preview-continue");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await card()).toContain("Continue anyway");
    expect(sends()).toEqual([]);
    await page.keyboard.press("Escape");
    expect(await outcome()).toEqual({ ok: false, code: 4001 });
    expect(sends()).toEqual([]);
    expect(await healthFactorOnChain()).toBe(before);
    await page.close();
  });

  it("the in-page badge opens the dashboard", async () => {
    const page = await stack.browser.context.newPage();
    await page.goto(stack.demoUrl);
    const cdp = await stack.browser.context.newCDPSession(page);
    await expect
      .poll(async () => (await textInClosedShadowRoots(cdp)).join(" | "), { timeout: 30_000 })
      .toContain("Vigil · HF ");
    const opened = stack.browser.context.waitForEvent("page", {
      predicate: (p) => p.url().includes("/popup.html"),
      timeout: 15_000,
    });
    await clickInClosedShadowRoots(cdp, "vigil-badge");
    const dashboard = await opened;
    await dashboard.setViewportSize({ width: 360, height: 640 });
    await dashboard.waitForSelector('[data-testid="portfolio"] [data-testid="health-factor"]', {
      timeout: 30_000,
    });
    expect(await dashboard.textContent('[data-testid="signed-in-address"]')).toContain(
      stack.signer.address.slice(0, 6),
    );
    await shot(dashboard, "badge-opened-dashboard-360");
    await Promise.all([dashboard.close(), page.close()]);
  });

  it("the badge never shows the watched wallet's health factor for a site on another account", async () => {
    const page = await stack.browser.context.newPage();
    const wallet = await installRecordingWallet(page, {
      rpcUrl: stack.devnet.rpcUrl,
      address: stack.signer.address,
    });
    await page.goto(stack.demoUrl);
    const cdp = await stack.browser.context.newCDPSession(page);
    const badge = async () => (await textInClosedShadowRoots(cdp)).join(" | ");
    // The site asks for its accounts, as a dapp does; the wallet is on the signed-in one.
    await page.evaluate(() =>
      (window as unknown as { ethereum: { request(a: unknown): Promise<unknown> } }).ethereum.request({
        method: "eth_requestAccounts",
      }),
    );
    await expect.poll(badge, { timeout: 30_000 }).toContain("Vigil · HF ");
    // The user switches the wallet to another account: the site now acts for that one.
    await wallet.emit("accountsChanged", ["0x90F79bf6EB2c4f870365E785982E1f101E93b906"]);
    await expect.poll(badge, { timeout: 10_000 }).toContain("Vigil · other account");
    expect(await badge()).not.toContain("HF ");
    // And back (the wallet may report it in lower case).
    await wallet.emit("accountsChanged", [stack.signer.address.toLowerCase()]);
    await expect.poll(badge, { timeout: 10_000 }).toContain("Vigil · HF ");
    await page.close();
  });

  it("the approval page switches a wallet on another network to the devnet (adding it first), then signs", async () => {
    const rule = await api<{ id: string }>("/rules", {
      method: "POST",
      json: {
        name: "Repay DAI",
        trigger: { type: "health_factor_below", value: 1.25 },
        action: { type: "repay", chainId: 31337, asset: "DAI", targetHealthFactor: 1.6 },
        guards: { cooldownSeconds: 3600, proposalExpirySeconds: 900, maxGasUsd: 25 },
      },
    });
    // The user's wallet sits on Ethereum and has never heard of the devnet.
    stack.signer.setWalletChain(1, [1]);
    await setPrice(session(), "WETH", 3100);
    await api("/portfolios/refresh", { method: "POST" });

    let proposalId: string | undefined;
    await expect
      .poll(
        async () => {
          for (const id of await shownNotifications(stack.browser.context)) {
            if (!id.startsWith("vigil:proposal:")) continue;
            const transaction = transactionSchema.parse(await api(`/transactions/${id.slice(15)}`));
            if (transaction.ruleId === rule.id) proposalId = transaction.id;
          }
          return proposalId;
        },
        { timeout: 100_000, interval: 1000 },
      )
      .toBeDefined();
    const opened = stack.browser.context.waitForEvent("page", (p) => p.url().includes("/approval.html"));
    await pressNotificationButton(stack.browser.context, `vigil:proposal:${proposalId}`, 0);
    const approval = await opened;
    await approval.setViewportSize({ width: 360, height: 900 });
    await approval.waitForSelector('[data-testid="approval"][data-state="ready"]', { timeout: 20_000 });
    stack.signer.calls.length = 0;

    await approval.click('[data-testid="approval-sign"]');
    await approval.waitForSelector('[data-testid="approval-status"][data-status="confirmed"]', {
      timeout: 100_000,
    });
    await shot(approval, "approval-chain-switched-confirmed-360");
    const methods = stack.signer.calls.map((call) => call.method);
    const firstSend = methods.indexOf("eth_sendTransaction");
    // Switch refused (unknown chain, 4902) → add the devnet → switch → only then the first send.
    const chainCalls = methods
      .slice(0, firstSend)
      .filter((m) => m === "wallet_switchEthereumChain" || m === "wallet_addEthereumChain");
    expect(chainCalls).toEqual([
      "wallet_switchEthereumChain",
      "wallet_addEthereumChain",
      "wallet_switchEthereumChain",
    ]);
    const added = stack.signer.calls.find((call) => call.method === "wallet_addEthereumChain");
    expect(added?.params[0]).toMatchObject({ chainId: "0x7a69", chainName: "Local devnet" });
    expect(await healthFactorOnChain()).toBeGreaterThanOrEqual(1.6);
    await approval.close();
  });

  it("the rule card says until when its cooldown holds it", async () => {
    const [listed] = (await api<{ rules: Array<{ cooldownUntil: string | null }> }>("/rules")).rules;
    const until = Date.parse(listed?.cooldownUntil ?? "");
    expect(until).toBeGreaterThan(Date.now());
    const popup = await stack.browser.context.newPage();
    await popup.setViewportSize({ width: 360, height: 640 });
    await popup.goto(extensionUrl("popup.html"));
    await popup.click('[data-testid="tab-rules"]');
    await popup.waitForSelector('[data-testid="rule-cooldown"]', { timeout: 20_000 });
    // The browser's clock (its time zone) says when.
    const clock = await popup.evaluate((ms) => {
      const at = new Date(ms);
      return `${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
    }, until);
    expect(await popup.textContent('[data-testid="rule-cooldown"]')).toMatch(
      new RegExp(`^Cooling down until (\\w+ \\d+, )?${clock}$`),
    );
    await shot(popup, "rule-card-cooldown-360");
    await popup.close();
  });

  it("the rule form refuses a target below the trigger by its input, and says the plan's limit before a fourth rule", async () => {
    const popup = await stack.browser.context.newPage();
    await popup.setViewportSize({ width: 360, height: 800 });
    await popup.goto(extensionUrl("popup.html"));
    await popup.click('[data-testid="tab-rules"]');
    await popup.waitForSelector('[data-testid="rule"]');
    await popup.click('[data-testid="rule-new"]');
    await popup.fill('input[name="name"]', "Too low a target");
    await popup.fill('input[name="healthFactor"]', "1.5");
    await popup.selectOption('select[name="actionType"]', "repay");
    await popup.selectOption('select[name="actionAsset"]', "DAI");
    // Chains by name, the account's own (the devnet) first.
    expect(await popup.locator('select[name="actionChainId"] option').first().textContent()).toBe(
      "Local devnet",
    );
    await popup.fill('input[name="targetHealthFactor"]', "1.4");
    await popup.click('[data-testid="rule-save"]');
    const fieldError = popup.locator(
      'label.field.invalid:has(input[name="targetHealthFactor"]) .field-error',
    );
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toBe(
      "Must be above the trigger's health factor 1.5: stopping at or below where the rule fires would fire it again, or leave it nothing to do",
    );
    await shot(popup, "rule-form-target-below-trigger-360");
    expect((await api<{ rules: unknown[] }>("/rules")).rules).toHaveLength(1);
    await popup.close();

    // Two more rules fill the Free plan's three: the list says so and offers no fourth form.
    // Each its own line: two enabled rules with one trigger and action are one rule (409).
    for (const [name, value] of [
      ["Second", 1.2],
      ["Third", 1.15],
    ] as const)
      await api("/rules", {
        method: "POST",
        json: { name, trigger: { type: "health_factor_below", value }, action: { type: "notify" } },
      });
    const again = await stack.browser.context.newPage();
    await again.setViewportSize({ width: 360, height: 800 });
    await again.goto(extensionUrl("popup.html"));
    await again.click('[data-testid="tab-rules"]');
    await again.waitForSelector('[data-testid="rules-limit"]');
    expect(await again.textContent('[data-testid="rules-limit"]')).toBe(
      "The Free plan allows 3 rules, and all are in use. Delete one to add another.",
    );
    expect(await again.isDisabled('[data-testid="rule-new"]')).toBe(true);
    await shot(again, "rules-free-limit-360");
    await again.close();
  });

  it("watches a friend's position without signing: its health factor, an alert naming it, then stop watching", async () => {
    const friend = devnetAccounts.nearLiquidation.address; // HF ≈ 1.05: under the borrower's 1.3 alert at once
    const short = `${friend.slice(0, 6)}…${friend.slice(-4)}`;
    await recordNotifications(stack.browser.context);
    const popup = await stack.browser.context.newPage();
    await popup.setViewportSize({ width: 360, height: 900 });
    await popup.goto(extensionUrl("popup.html"));
    await popup.click('[data-testid="watched-add"]');
    // The signed-in wallet is refused by the form itself.
    await popup.fill('input[name="watchedAddress"]', stack.signer.address);
    await popup.click('[data-testid="watched-form"] button[type="submit"]');
    expect(
      await popup.textContent('label.field.invalid:has(input[name="watchedAddress"]) .field-error'),
    ).toBe("This is the wallet you signed in with: it is watched already");
    await popup.fill('input[name="watchedAddress"]', friend.toLowerCase());
    await popup.fill('input[name="watchedLabel"]', "Friend");
    await popup.click('[data-testid="watched-form"] button[type="submit"]');
    const row = popup.locator(`[data-testid="watched-account"][data-address="${friend}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain("Friend");
    // The same health factor as the Pool's for that account (the earlier tests moved the WETH price).
    const [, , , , , onChain] = await session().clients.publicClient.readContract({
      address: stack.devnet.pool,
      abi: poolAbi,
      functionName: "getUserAccountData",
      args: [friend],
    });
    await expect
      .poll(() => row.locator('[data-testid="health-factor"]').textContent(), { timeout: 30_000 })
      .toContain(formatHealthFactor(Number(formatUnits(onChain, 18))));
    await row.locator("button.watched-name").click();
    await row.locator('[data-testid="watched-positions"] [data-testid="borrow"]').first().waitFor();
    expect(await popup.textContent('[data-testid="watched-limit"]')).toBe("1 of 2");
    expect(await layoutProblems(popup)).toEqual([]);
    await shot(popup, "watched-account-360");

    // Its alert reaches this browser, naming the account, without the friend signing anything.
    await expect
      .poll(
        async () =>
          (await recordedNotifications(stack.browser.context))
            .map((n) => n.title)
            .filter((title) => title.startsWith(`${short}: `)),
        { timeout: 60_000, interval: 1000 },
      )
      .toEqual([expect.stringMatching(/below your 1\.30 alert|Liquidatable/)]);

    // Rename it and move its threshold: the form refuses a threshold at or under 1, the API keeps the edit.
    await row.locator('[data-testid="watched-edit"]').click();
    const edit = row.locator('[data-testid="watched-edit-form"]');
    expect(await edit.locator('input[name="watchedEditLabel"]').inputValue()).toBe("Friend");
    await edit.locator('input[name="watchedEditThreshold"]').fill("0.9");
    await edit.locator('button[type="submit"]').click();
    expect(
      await edit
        .locator('label.field.invalid:has(input[name="watchedEditThreshold"]) .field-error')
        .textContent(),
    ).toBe("Enter a health factor above 1, e.g. 1.3");
    await edit.locator('input[name="watchedEditLabel"]').fill("Friend's vault");
    await edit.locator('input[name="watchedEditThreshold"]').fill("2.5");
    await edit.locator('button[type="submit"]').click();
    await edit.waitFor({ state: "detached" });
    expect(await row.locator("button.watched-name").textContent()).toContain("Friend's vault");
    expect(await row.textContent()).toContain("alerts below 2.50");
    expect((await api<{ accounts: unknown[] }>("/me/watched")).accounts).toEqual([
      expect.objectContaining({ address: friend, label: "Friend's vault", alertThreshold: 2.5 }),
    ]);

    // Stop watching: gone from the list and from the API.
    await row.locator('[data-testid="watched-remove"]').click();
    await row.locator('[data-testid="watched-remove-confirm"]').click();
    await expect.poll(() => row.count()).toBe(0);
    expect((await api<{ accounts: unknown[] }>("/me/watched")).accounts).toEqual([]);
    await popup.close();
  });
});
