/// <reference lib="dom" />
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrice } from "../devnet/actions/setPrice";
import { devnetSession } from "../devnet/session";
import { transactionSchema } from "../shared/schemas/transactions";
import { apiCaller } from "./harness/api";
import { layoutProblems } from "./harness/layout";
import { RESCUE_SUPERSEDED_E2E_PORTS } from "./harness/ports";
import { awaitProposalNotification } from "./harness/proposals";
import { signInThroughWallet } from "./harness/signIn";
import { outDir, type Stack, startStack } from "./harness/stack";

// Two resolvers at HF < 1, against the real devnet and worker, in the popup at 360 px: a rule's repay is worked
// out while the borrower is above 1 (WETH $3,100), then WETH falls to $2,400 and the position is liquidatable.
// The popup offers one thing to do: the rescue card, with the earlier proposal folded under it (what it would
// leave now) and Vigil's Reject; no "proposal waits for your signature" banner; the Approvals tab marks it
// replaced, and the approval page, opened anyway, says so above "Sign anyway". Reject ends it on the API.
// Own ports (9250-9259) and run folder.

let stack: Stack;
let token = "";

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
const extensionUrl = (path: string) => `chrome-extension://${stack.browser.vigilId}/${path}`;
const api = apiCaller(
  () => stack.apiUrl,
  () => token,
);

beforeAll(async () => {
  stack = await startStack({
    account: "borrower",
    ports: RESCUE_SUPERSEDED_E2E_PORTS,
    runName: "rescue-superseded",
  });
  token = await signInThroughWallet(stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe("one thing to do at HF < 1", () => {
  it("the rescue leads; a repay worked out above 1 is folded under it with Vigil's Reject", async () => {
    const session = devnetSession(stack.devnet.rpcUrl, stack.devnet.info);
    const rule = await api<{ id: string }>("/rules", {
      method: "POST",
      json: {
        name: "Repay DAI",
        trigger: { type: "health_factor_below", value: 1.25 },
        action: { type: "repay", chainId: 31337, asset: "DAI", targetHealthFactor: 1.6 },
        guards: { cooldownSeconds: 3600, proposalExpirySeconds: 900, maxGasUsd: 25 },
      },
    });
    await setPrice(session, "WETH", 3100);
    await api("/portfolios/refresh", { method: "POST" });
    const stale = await awaitProposalNotification(stack.browser.context, api, rule.id);
    expect(stale.preview?.healthFactor.before).toBeGreaterThan(1);
    // The rule stays on; while its proposal is open it proposes nothing new, so what is left is the one worked out
    // above 1. (Pausing the rule would withdraw it.)

    await setPrice(session, "WETH", 2400);
    await api("/portfolios/refresh", { method: "POST" });
    const popup = await stack.browser.context.newPage();
    await popup.setViewportSize({ width: 360, height: 640 });
    await popup.goto(extensionUrl("popup.html"));
    await expect
      .poll(
        () => popup.textContent('[data-testid="portfolio"] [data-testid="health-factor"]').catch(() => ""),
        { timeout: 60_000, interval: 1000 },
      )
      .toContain("Liquidatable");
    const folded = popup.locator(`[data-testid="superseded-proposal"][data-proposal-id="${stale.id}"]`);
    await folded.waitFor({ timeout: 20_000 });
    expect(await folded.textContent()).toMatch(
      new RegExp(
        `^“${stale.title}” was worked out at HF \\d\\.\\d\\d, before your position became liquidatable\\. Signed now it would (leave HF about 0\\.\\d\\d: still liquidatable|bring HF to about \\d\\.\\d\\d)\\.`,
      ),
    );
    expect(await popup.locator('[data-testid="rescue-repay"]').count()).toBe(1);
    expect(await popup.locator(".pending-banner").count()).toBe(0);
    // Nor counted on the Approvals tab: nothing there waits for a signature.
    expect(await popup.locator('[data-testid="tab-approvals-count"]').count()).toBe(0);
    expect(await layoutProblems(popup)).toEqual([]);
    await shot(popup, "popup-360-rescue-superseded");

    await popup.click('[data-testid="tab-approvals"]');
    const card = popup.locator(`[data-testid="approval"][data-proposal-id="${stale.id}"]`);
    await card.waitFor();
    expect(await card.getAttribute("data-superseded")).toBe("true");
    expect(await card.locator('[data-testid="approval-superseded"]').textContent()).toMatch(
      /^Replaced by the rescue: your position is liquidatable now\./,
    );
    expect(await card.locator('[data-testid="approval-open"]').textContent()).toBe("Review anyway");
    expect(await layoutProblems(popup)).toEqual([]);
    await shot(popup, "popup-360-approvals-superseded");

    // Opened anyway, the approval page says so before the wallet is asked, and its button says "Sign anyway".
    const opened = stack.browser.context.waitForEvent("page", (page) =>
      page.url().includes("/approval.html"),
    );
    await card.locator('[data-testid="approval-open"]').click();
    const approval = await opened;
    await approval.setViewportSize({ width: 900, height: 1000 });
    await approval.waitForSelector('[data-testid="approval"][data-state="ready"]', { timeout: 30_000 });
    expect(await approval.locator('[data-testid="approval-superseded"]').textContent()).toMatch(
      /^Your position is liquidatable now\. It was worked out at HF \d\.\d\d, before your position became liquidatable\./,
    );
    expect(await approval.textContent('[data-testid="approval-sign"]')).toMatch(/^Sign anyway with /);
    // The page read the chain as it opened: the pills are today's, and "still liquidatable" is said once (above).
    await expect
      .poll(() => approval.textContent('[data-testid="approval-hf-label"]'), { timeout: 30_000 })
      .toMatch(/^Health factor on the chain \(read at block \d+, /);
    expect(await approval.locator('[data-testid="approval-hf-warning"]').count()).toBe(0);
    await shot(approval, "approval-superseded");
    await approval.close();

    await card.locator('[data-testid="approval-reject"]').click();
    await expect
      .poll(async () => transactionSchema.parse(await api(`/transactions/${stale.id}`)).status)
      .toBe("rejected");
    await popup.click('[data-testid="tab-overview"]');
    await expect.poll(() => popup.locator('[data-testid="superseded-proposal"]').count()).toBe(0);
    expect(await popup.locator('[data-testid="rescue-repay"]').count()).toBe(1);
    await popup.close();
  }, 240_000);
});
