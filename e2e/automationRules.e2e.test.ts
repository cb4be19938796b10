/// <reference lib="dom" />
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Rule } from "../shared/schemas/rules";
import { apiCaller } from "./harness/api";
import { recordedNotifications, recordNotifications } from "./harness/notifications";
import { RULES_E2E_PORTS } from "./harness/ports";
import { signInThroughWallet } from "./harness/signIn";
import { type Stack, startStack } from "./harness/stack";

// A rule its user relies on holds but cannot act (the wallet has none of the asset it supplies): the browser
// says so once, in a notification that says what to do, and the rule's card says "Can't act" and why. Own ports
// (9350-9359) and run folder.

let stack: Stack;
let token = "";

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(stack.runDir, `${name}.png`), fullPage: true });
const extensionUrl = (path: string) => `chrome-extension://${stack.browser.vigilId}/${path}`;
const api = apiCaller(
  () => stack.apiUrl,
  () => token,
);

beforeAll(async () => {
  stack = await startStack({ account: "borrower", ports: RULES_E2E_PORTS, runName: "automation-rules" });
  await recordNotifications(stack.browser.context);
});

afterAll(async () => {
  await stack?.stop();
});

describe("a rule that cannot act (Chromium, devnet, worker)", () => {
  it('is told once in a browser notification, and its card says "Can\'t act" and what to do', async () => {
    token = await signInThroughWallet(stack);
    // The borrower (HF 1.30) holds no wstETH: the rule holds at once and cannot act.
    const rule = await api<Rule>("/rules", {
      method: "POST",
      json: {
        name: "Add wstETH when HF sinks",
        trigger: { type: "health_factor_below", value: 1.35 },
        action: { type: "supply_collateral", chainId: 31337, asset: "wstETH", targetHealthFactor: 1.6 },
      },
    });
    const told = async () =>
      (await recordedNotifications(stack.browser.context)).filter(
        (n) => n.title === 'Rule "Add wstETH when HF sinks" cannot act',
      );
    await expect.poll(async () => (await told()).length, { timeout: 60_000, interval: 500 }).toBe(1);
    expect((await told())[0]?.message).toMatch(
      /^Health factor is 1\.\d+, below 1\.35, but your wallet holds no wstETH to supply\. To let it act: put [\d.]+ wstETH in your wallet to reach health factor 1\.6, or repay some debt\.$/,
    );

    // More ticks (3 s apart here) find it stuck the same way: still one notification.
    const told1At = Date.now();
    await expect
      .poll(async () => Date.parse((await api<Rule>(`/rules/${rule.id}`)).lastEvaluatedAt ?? "0"), {
        timeout: 60_000,
        interval: 1_000,
      })
      .toBeGreaterThan(told1At + 10_000);
    expect(await told()).toHaveLength(1);

    const popup = await stack.browser.context.newPage();
    await popup.setViewportSize({ width: 360, height: 640 });
    await popup.goto(extensionUrl("popup.html"));
    await popup.click('[data-testid="tab-rules"]');
    await popup.waitForSelector('[data-testid="rule-error"]', { timeout: 20_000 });
    expect(await popup.textContent('[data-testid="rule-summary"]')).toBe(
      "When HF < 1.35 → propose supplying wstETH from your wallet up to HF 1.60 (Local devnet)",
    );
    expect(await popup.textContent('[data-testid="rule-error"]')).toMatch(
      /^Can't act: health factor is 1\.\d+, below 1\.35, but your wallet holds no wstETH to supply\. To let it act: put [\d.]+ wstETH in your wallet to reach health factor 1\.6, or repay some debt$/,
    );
    await shot(popup, "rule-card-cannot-act-360");
    await popup.close();
  });
});
