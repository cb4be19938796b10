/// <reference lib="dom" />
import { join } from "node:path";
import type { Page } from "playwright-core";
import { parseAbi } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrice } from "../devnet/actions/setPrice";
import { devnetSession } from "../devnet/session";
import { healthFactorAfterPriceMoves } from "../shared/aave/priceStress";
import { devnetDeployment } from "../shared/chains/devnet";
import type { Portfolio } from "../shared/schemas/portfolio";
import { layoutProblems } from "./harness/layout";
import { signInThroughWallet } from "./harness/signIn";
import { outDir, type Stack, startStack } from "./harness/stack";

// The popup dashboard against the real worker and devnet: rules (create, validation from the API, toggle, edit,
// delete), the history charts and the pending approvals a rule proposes for the seeded borrower (HF 1.30).

let stack: Stack;

type StorageGlobal = {
  chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
};

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
const extensionUrl = (path: string) => `chrome-extension://${stack.browser.vigilId}/${path}`;

async function openPopup(): Promise<Page> {
  const page = await stack.browser.context.newPage();
  await page.setViewportSize({ width: 380, height: 600 });
  await page.goto(extensionUrl("popup.html"));
  return page;
}

/** The extension's session as stored (storage.session: readable from Vigil's own pages only). */
async function storedSession(page: Page): Promise<{ token: string; address: string } | undefined> {
  const stored = await page.evaluate(() =>
    (
      globalThis as unknown as {
        chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } };
      }
    ).chrome.storage.session.get("vigil:session"),
  );
  return stored["vigil:session"] as { token: string; address: string } | undefined;
}

/** GET /portfolios as the signed-in extension sees it. */
async function apiPortfolio(page: Page): Promise<Portfolio> {
  const { token } = (await storedSession(page))!;
  const response = await fetch(`${stack.apiUrl}/portfolios`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Portfolio;
}

beforeAll(async () => {
  stack = await startStack({ account: "borrower" });
  await signInThroughWallet(stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe("popup dashboard", () => {
  it("shows the portfolio with HF colours, the risk forecast, liquidation prices and a live connection", async () => {
    const popup = await openPopup();
    await popup.waitForSelector('[data-testid="portfolio"]', { timeout: 30_000 });
    // Seeded borrower: HF 1.30, Aave's orange band.
    expect(
      await popup.getAttribute('[data-testid="portfolio"] [data-testid="health-factor"]', "data-band"),
    ).toBe("warning");
    expect(
      await popup.locator('[data-testid="aave-account"] [data-testid="supply"]').count(),
    ).toBeGreaterThan(0);
    expect(
      await popup.locator('[data-testid="aave-account"] [data-testid="borrow"]').count(),
    ).toBeGreaterThan(0);
    expect(await popup.textContent('[data-testid="liquidation-price"]')).toMatch(/^Liq\. at \$[\d,.]+/);
    // The forecast shown is the API's for this account (one oracle history per chain: same number for everyone).
    const apiRisk = (await apiPortfolio(popup)).risk;
    expect(apiRisk.status).toBe("ok");
    expect(await popup.getAttribute('[data-testid="risk"]', "data-band")).toBe(
      apiRisk.status === "ok" ? apiRisk.band : "unavailable",
    );
    await expect
      .poll(() => popup.getAttribute('[data-testid="live"]', "data-live"), { timeout: 20_000 })
      .toBe("live");
    expect(await popup.textContent('[data-testid="live"]')).toBe("Live");
    await shot(popup, "popup-overview");
    await popup.close();
  });

  it("paints the dashboard as last shown at once on the next open, inert, then hands over to the app", async () => {
    // An open that shows the overview saves it (in storage.session, out of content scripts' reach).
    const first = await openPopup();
    await first.waitForSelector('[data-testid="portfolio"]', { timeout: 30_000 });
    await expect
      .poll(() =>
        first.evaluate(async () => {
          const session = (
            globalThis as unknown as {
              chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } };
            }
          ).chrome.storage.session;
          return (await session.get("vigil:popupSnapshot"))["vigil:popupSnapshot"] !== undefined;
        }),
      )
      .toBe(true);
    await first.close();
    // The next open: record what the stand-in did, from before any popup script runs.
    const page = await stack.browser.context.newPage();
    await page.setViewportSize({ width: 380, height: 600 });
    await page.addInitScript(() => {
      const seen: {
        paintedAt?: number;
        retiredAt?: number;
        testIds?: number;
        inert?: boolean;
        text?: string;
      } = {};
      (globalThis as unknown as { __snapshot: typeof seen }).__snapshot = seen;
      new MutationObserver(() => {
        const el = document.getElementById("snapshot");
        if (!el) return;
        if (seen.paintedAt === undefined && el.dataset.painted === "snapshot") {
          seen.paintedAt = performance.now();
          seen.testIds = el.querySelectorAll("[data-testid]").length;
          seen.inert = el.inert;
          seen.text = el.textContent ?? "";
        }
        if (seen.paintedAt !== undefined && seen.retiredAt === undefined && el.childElementCount === 0)
          seen.retiredAt = performance.now();
      }).observe(document, { childList: true, subtree: true, attributes: true });
    });
    await page.goto(extensionUrl("popup.html"));
    await page.waitForSelector('#root [data-testid="portfolio"]', { timeout: 30_000 });
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { __snapshot: object }).__snapshot))
      .toMatchObject({ testIds: 0, inert: true, retiredAt: expect.any(Number) });
    const seen = await page.evaluate(
      () => (globalThis as unknown as { __snapshot: { paintedAt: number; text: string } }).__snapshot,
    );
    expect(seen.text).toContain("Health factor");
    expect(seen.text).not.toContain("Sign out"); // the footer's live state is not replayed
    expect(await page.locator("#snapshot > *").count()).toBe(0);
    await page.close();
  });

  it("answers “what if prices move?” with the Pool's formula, down to liquidation", async () => {
    const popup = await openPopup();
    await popup.waitForSelector('[data-testid="price-stress"]', { timeout: 30_000 });
    const { "vigil:dashboard": cached } = await popup.evaluate(() =>
      (globalThis as unknown as StorageGlobal).chrome.storage.local.get("vigil:dashboard"),
    );
    const account = (cached as { portfolio: Portfolio }).portfolio.aave[0];
    if (!account) throw new Error("the borrower has an Aave account");
    const hfAt = (ethMove: number) =>
      healthFactorAfterPriceMoves(account, (symbol) => (["WETH", "wstETH"].includes(symbol) ? ethMove : 0));
    const shown = () => popup.textContent('[data-testid="stress-result"] [data-testid="health-factor"] .num');

    // The sliders are the account's prices: ETH (its WETH collateral); its DAI debt stays at $1.
    expect(await popup.locator('[data-testid="price-stress"] input[type="range"]').count()).toBe(1);
    expect(await shown()).toBe(account.healthFactor?.toFixed(2));
    await popup.fill('input[name="stress-ETH"]', "-10");
    expect(await popup.textContent('[data-testid="stress-move-ETH"]')).toBe("−10 %");
    expect(await shown()).toBe(hfAt(-0.1)?.toFixed(2));
    expect(await popup.locator('[data-testid="stress-liquidatable"]').count()).toBe(0);
    // Past its liquidation price (−23 % for the seeded borrower): liquidatable, in words and in red.
    await popup.fill('input[name="stress-ETH"]', "-30");
    expect(hfAt(-0.3)).toBeLessThan(1);
    expect(await shown()).toBe("Liquidatable"); // below 1 never shows as a number that could round up to 1.00
    expect(
      await popup.getAttribute('[data-testid="stress-result"] [data-testid="health-factor"]', "data-band"),
    ).toBe("danger");
    await popup.waitForSelector('[data-testid="stress-liquidatable"]');
    await shot(popup, "popup-price-stress");
    await popup.close();
  });

  it("shows the API's validation message next to the field, then creates the rule", async () => {
    const popup = await openPopup();
    await popup.click('[data-testid="tab-rules"]');
    await popup.waitForSelector('[data-testid="rules-empty"]');
    await popup.click('[data-testid="rule-new"]');
    await popup.fill('input[name="name"]', "Protect my loan");
    // HF 0.9 is below 1: the shared schema (in the API) refuses it with its own words.
    await popup.fill('input[name="healthFactor"]', "0.9");
    await popup.selectOption('select[name="actionType"]', "repay");
    // A repay is offered only the borrower's debts (DAI), already chosen; a restake only what EigenLayer takes
    // and the borrower supplies (none: it says so).
    expect(await popup.locator('select[name="actionAsset"] option').allTextContents()).toEqual(["DAI"]);
    expect(await popup.inputValue('select[name="actionAsset"]')).toBe("DAI");
    await popup.selectOption('select[name="actionType"]', "rebalance");
    expect(await popup.isDisabled('select[name="actionAsset"]')).toBe(true);
    expect(await popup.textContent('label.field:has(select[name="actionAsset"]) .hint')).toContain(
      "EigenLayer on Local devnet restakes wstETH",
    );
    await popup.selectOption('select[name="actionType"]', "repay");
    await popup.selectOption('select[name="actionAsset"]', "DAI");
    await popup.selectOption('select[name="actionChainId"]', "31337");
    await popup.fill('input[name="targetHealthFactor"]', "1.6");
    await popup.click('[data-testid="rule-save"]');
    const fieldError = popup.locator('label.field.invalid:has(input[name="healthFactor"]) .field-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toBe(
      "must be above 1 (at 1 the position is already liquidatable)",
    );
    expect(await popup.textContent('[data-testid="rule-form-error"]')).toBeTruthy();
    await shot(popup, "popup-rule-validation");

    await popup.fill('input[name="healthFactor"]', "1.5");
    await popup.click('[data-testid="rule-save"]');
    await popup.waitForSelector('[data-testid="rule"]');
    expect(await popup.textContent('[data-testid="rule-summary"]')).toBe(
      "When HF < 1.50 → propose repaying DAI from your wallet up to HF 1.60 (Local devnet)",
    );
    expect(await popup.getAttribute('[data-testid="rule"]', "data-enabled")).toBe("true");
    // The borrower's wallet holds the DAI it borrowed: nothing to warn about.
    expect(await popup.locator('[data-testid="rule-warning"]').count()).toBe(0);
    await shot(popup, "popup-rules");
    await popup.close();

    // It is on the API, not only in the popup.
    const again = await openPopup();
    await again.click('[data-testid="tab-rules"]');
    await again.waitForSelector('[data-testid="rule"]');
    expect(await again.locator('[data-testid="rule"]').count()).toBe(1);
    await again.close();
  });

  it("lists the proposal the rule makes for the borrower (HF 1.30 < 1.5) and opens the approval page", async () => {
    const popup = await openPopup();
    await popup.waitForSelector('[data-testid="portfolio"]', { timeout: 30_000 });
    // The automation tick runs on the user's alarm (every 30 s at most); the popup polls and follows the socket.
    await popup.waitForSelector('[data-testid="tab-approvals-count"]', { timeout: 100_000 });
    await popup.click('[data-testid="tab-approvals"]');
    const card = popup.locator('[data-testid="approval"]').first();
    await card.waitFor();
    expect(await card.textContent()).toContain("Repay");
    expect(await card.locator('[data-testid="approval-hf"]').textContent()).toMatch(/^HF 1\.\d\d → 1\.\d\d$/);
    expect(await card.locator('[data-testid="approval-expiry"]').textContent()).toMatch(
      /^expires in \d+:\d\d$/,
    );
    await shot(popup, "popup-approvals");
    const proposalId = await card.getAttribute("data-proposal-id");
    const approvalTab = stack.browser.context.waitForEvent("page", (page) =>
      page.url().includes("/approval.html"),
    );
    await card.locator('[data-testid="approval-open"]').click();
    const approval = await approvalTab;
    expect(approval.url()).toContain(encodeURIComponent(proposalId ?? "missing"));
    await approval.close();

    // The history lists it with its state, on the devnet (no explorer: its hashes, if any, are not links).
    const row = popup.locator(`[data-testid="history-transaction"][data-proposal-id="${proposalId}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.locator('[data-testid="history-status"]').textContent()).toBe("Waiting for approval");
    expect(await row.textContent()).toContain("Local devnet");
    // Rejected (as from its notification's button): the history shows the final state.
    await popup.evaluate(
      (id) =>
        (
          globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
        ).chrome.runtime.sendMessage({ type: "approvals/reject", proposalId: id }),
      proposalId,
    );
    await expect.poll(() => row.getAttribute("data-status"), { timeout: 20_000 }).toBe("rejected");
    expect(await row.locator('[data-testid="history-status"]').textContent()).toBe("Rejected");
    expect(await row.locator("a").count()).toBe(0);
    await shot(popup, "popup-transaction-history");
    await popup.close();
  }, 150_000);

  it("disables, edits and deletes the rule", async () => {
    const popup = await openPopup();
    await popup.click('[data-testid="tab-rules"]');
    await popup.waitForSelector('[data-testid="rule"]');
    await popup.click('[data-testid="rule-toggle"]');
    await expect.poll(() => popup.getAttribute('[data-testid="rule"]', "data-enabled")).toBe("false");
    await popup.click('[data-testid="rule-edit"]');
    await popup.fill('input[name="healthFactor"]', "1.2");
    await popup.click('[data-testid="rule-save"]');
    await popup.waitForSelector('[data-testid="rule"]');
    expect(await popup.textContent('[data-testid="rule-summary"]')).toBe(
      "When HF < 1.20 → propose repaying DAI from your wallet up to HF 1.60 (Local devnet)",
    );
    await popup.click('[data-testid="rule-delete"]');
    await popup.click('[data-testid="rule-delete-confirm"]');
    await popup.waitForSelector('[data-testid="rules-empty"]');
    await popup.close();
  });

  it("saves a supply rule for an asset the wallet holds none of, and says under it that it cannot act until funded", async () => {
    const popup = await openPopup();
    await popup.click('[data-testid="tab-rules"]');
    await popup.waitForSelector('[data-testid="rules-empty"], [data-testid="rule"]');
    await popup.click('[data-testid="rule-new"]');
    await popup.fill('input[name="name"]', "Top up with wstETH");
    // Below the borrower's HF 1.30: the rule does not fire while the test runs.
    await popup.fill('input[name="healthFactor"]', "1.1");
    await popup.selectOption('select[name="actionType"]', "supply_collateral");
    await popup.selectOption('select[name="actionChainId"]', "31337");
    await popup.selectOption('select[name="actionAsset"]', "wstETH");
    await popup.fill('input[name="targetHealthFactor"]', "1.6");
    await popup.click('[data-testid="rule-save"]');
    const saved = popup.locator('[data-testid="rule"]', { hasText: "Top up with wstETH" });
    const warning = saved.locator('[data-testid="rule-warning"]');
    await warning.waitFor();
    expect(await warning.textContent()).toBe(
      "Your wallet holds no wstETH: this rule will not be able to supply until it does.",
    );
    await shot(popup, "popup-rule-wallet-warning");
    // Opened again, the popup still says it: the list reads the wallet too, not only the save's answer.
    const reopened = await openPopup();
    await reopened.click('[data-testid="tab-rules"]');
    const again = reopened
      .locator('[data-testid="rule"]', { hasText: "Top up with wstETH" })
      .locator('[data-testid="rule-warning"]');
    await again.waitFor();
    expect(await again.textContent()).toBe(
      "Your wallet holds no wstETH: this rule will not be able to supply until it does.",
    );
    await reopened.close();
    await saved.locator('[data-testid="rule-delete"]').click();
    await saved.locator('[data-testid="rule-delete-confirm"]').click();
    await saved.waitFor({ state: "detached" });
    await popup.close();
  });

  it("renders the value and health-factor history charts", async () => {
    const popup = await openPopup();
    await popup.waitForSelector('[data-testid="portfolio"]', { timeout: 30_000 });
    await popup.click('[data-testid="tab-history"]');
    // The API keeps a point per 5 minutes, or sooner on a significant change: WETH −3 % moves the HF enough.
    // Monitoring notices within a block, pushes portfolio_update, and the open chart reloads.
    const session = devnetSession(stack.devnet.rpcUrl, devnetDeployment);
    const weth = devnetDeployment.reserves.WETH.aggregator;
    const answer = await session.clients.publicClient.readContract({
      address: weth,
      abi: parseAbi(["function latestAnswer() view returns (int256)"]),
      functionName: "latestAnswer",
    });
    await setPrice(session, "WETH", (Number(answer) / 1e8) * 0.97);
    await popup.waitForSelector('[data-testid="value-chart"] .recharts-area-curve', { timeout: 60_000 });
    expect(await popup.locator('[data-testid="hf-chart"] .recharts-line-curve').count()).toBe(1);
    await shot(popup, "popup-history");
    await popup.close();
  }, 90_000);

  it("fits a 360 px wide window: no screen scrolls sideways, no button, tab or figure wraps", async () => {
    const popup = await stack.browser.context.newPage();
    await popup.setViewportSize({ width: 360, height: 640 });
    await popup.goto(extensionUrl("popup.html"));
    await popup.waitForSelector('[data-testid="portfolio"]', { timeout: 30_000 });
    const screens: Array<[string, () => Promise<unknown>]> = [
      ["overview", async () => undefined],
      [
        "rules",
        async () => {
          await popup.click('[data-testid="tab-rules"]');
          // The list itself, not its loading skeleton, is what must fit.
          await popup.waitForSelector('[data-testid="rule"], [data-testid="rules-empty"]', {
            timeout: 30_000,
          });
        },
      ],
      [
        "rule-form",
        async () => {
          await popup.click('[data-testid="rule-new"]');
          await popup.selectOption('select[name="actionType"]', "repay");
        },
      ],
      [
        "history",
        async () => {
          await popup.click('[data-testid="tab-history"]');
          await popup.waitForSelector('[data-testid="value-chart"], [data-testid="history-empty"]', {
            timeout: 30_000,
          });
        },
      ],
      [
        "approvals",
        async () => {
          await popup.click('[data-testid="tab-approvals"]');
          await popup.waitForSelector('[data-testid="approval"], [data-testid="approvals-empty"]', {
            timeout: 30_000,
          });
          await popup.waitForSelector(
            '[data-testid="history-transaction"], [data-testid="history-none"], [data-testid="transaction-history"] .notice',
            { timeout: 30_000 },
          );
        },
      ],
    ];
    const found: Record<string, string[]> = {};
    for (const [name, open] of screens) {
      await open();
      await popup.waitForTimeout(300); // lazy panels and charts settle
      found[name] = await layoutProblems(popup);
      await shot(popup, `popup-360-${name}`);
    }
    expect(found).toEqual({ overview: [], rules: [], "rule-form": [], history: [], approvals: [] });
    await popup.close();
  });

  it("keeps watching across a browser restart: the session comes back without a new signature", async () => {
    await stack.browser.restart();
    const popup = await openPopup();
    // storage.session was emptied by the restart; the popup shows the signed-in dashboard again.
    await popup.waitForSelector('[data-testid="portfolio"]', { timeout: 30_000 });
    const restored = await storedSession(popup);
    expect(restored?.address).toBe(stack.signer.address);
    // The restored session works at the API.
    const response = await fetch(`${stack.apiUrl}/me`, {
      headers: { authorization: `Bearer ${restored?.token}` },
    });
    expect(response.status).toBe(200);
    await popup.close();
  }, 90_000);
});
