/// <reference lib="dom" />
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKTEST_E2E_PORTS } from "./harness/ports";
import { signInThroughWallet } from "./harness/signIn";
import { type Stack, startStack } from "./harness/stack";

// "Test on history" in the popup for the seeded borrower (10 WETH against 21,260 DAI, HF 1.30, the borrowed DAI
// still in the wallet): June 2022 replayed through the real API, its R2 candles filled from the prices directory.

let stack: Stack;
const extensionUrl = (path: string) => `chrome-extension://${stack.browser.vigilId}/${path}`;

beforeAll(async () => {
  stack = await startStack({ account: "borrower", ports: BACKTEST_E2E_PORTS, runName: "backtest" });
  await signInThroughWallet(stack);
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

describe("popup: Test on history", () => {
  it("June 2022: liquidated without the rule, a repay at HF < 1.25 → 1.6 funded by the wallet survives", async () => {
    const popup: Page = await stack.browser.context.newPage();
    await popup.setViewportSize({ width: 380, height: 600 });
    await popup.goto(extensionUrl("popup.html"));
    await popup.click('[data-testid="tab-rules"]');
    await popup.click('[data-testid="rule-new"]');
    await popup.fill('input[name="name"]', "Repay below 1.25");
    await popup.fill('input[name="healthFactor"]', "1.25");
    await popup.selectOption('select[name="actionType"]', "repay");
    await popup.selectOption('select[name="actionAsset"]', "DAI");
    await popup.selectOption('select[name="actionChainId"]', "31337");
    await popup.fill('input[name="targetHealthFactor"]', "1.6");
    await popup.click('[data-testid="rule-form-backtest"]');
    // June 2022 is the default window.
    expect(await popup.isChecked('[data-testid="backtest-window-june_2022"]')).toBe(true);
    await popup.click('[data-testid="backtest-run"]');
    const verdict = popup.locator('[data-testid="backtest-verdict"]');
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.textContent()).toMatch(
      /^With this rule, your position would have survived June 2022 with \d+ repays? costing \$[\d.,]+ in gas; without it, it was liquidated on 2022-06-\d\d at \d\d:00 UTC, losing \$[\d,]+ to the liquidation bonus\.$/,
    );
    const summary = popup.locator('[data-testid="backtest-summary"]');
    expect(await summary.locator("tr:has-text('Liquidations') td").allTextContents()).toEqual([
      "Liquidations",
      expect.stringMatching(/^[1-9]\d*$/),
      "0",
    ]);
    // The chart drew both runs.
    await popup.waitForSelector('[data-testid="backtest"] .recharts-line');
    expect(await popup.locator('[data-testid="backtest"] .recharts-line').count()).toBe(2);
    await popup.screenshot({ path: join(stack.runDir, "popup-backtest-june-2022.png"), fullPage: true });
  });
});
