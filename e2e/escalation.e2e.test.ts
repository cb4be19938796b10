/// <reference lib="dom" />
import { join } from "node:path";
import type { Page } from "playwright-core";
import { formatUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liquidate } from "../devnet/actions/liquidate";
import { setPrice } from "../devnet/actions/setPrice";
import { devnetAccounts } from "../devnet/seed/accounts";
import { devnetSession } from "../devnet/session";
import { aggregatorAbi } from "../shared/abis/aggregator";
import { poolAbi } from "../shared/abis/pool";
import { recordedNotifications, recordNotifications } from "./harness/notifications";
import { ESCALATION_E2E_PORTS } from "./harness/ports";
import { signInThroughWallet } from "./harness/signIn";
import { outDir, type Stack, startStack } from "./harness/stack";

// Alerts that escalate, in the browser: the seeded borrower (HF 1.30, at the default 1.3 threshold) falls under
// 1 and is liquidated for real on the devnet; each step is one browser notification, in a borrower's words.
// Own ports (8790-8797) and run folder.

let stack: Stack;

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
const extensionUrl = (path: string) => `chrome-extension://${stack.browser.vigilId}/${path}`;
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

async function wethPrice(): Promise<number> {
  const answer = await session().clients.publicClient.readContract({
    address: stack.devnet.info.reserves.WETH.aggregator,
    abi: aggregatorAbi,
    functionName: "latestAnswer",
  });
  return Number(answer) / 1e8;
}

/** The risk notifications recorded so far, titles without the account prefix. */
async function riskTitles(): Promise<string[]> {
  const short = `${stack.signer.address.slice(0, 6)}…${stack.signer.address.slice(-4)}: `;
  return (await recordedNotifications(stack.browser.context))
    .filter((n) => n.title.startsWith(short))
    .map((n) => n.title.slice(short.length));
}

beforeAll(async () => {
  stack = await startStack({ account: "borrower", ports: ESCALATION_E2E_PORTS, runName: "escalation" });
  await recordNotifications(stack.browser.context);
});

afterAll(async () => {
  await stack?.stop();
});

describe("alerts that escalate (Chromium, devnet, worker)", () => {
  it("below the threshold → liquidatable → liquidated → recovered: four notifications, each once", async () => {
    await signInThroughWallet(stack);

    // HF 1.30 is under the default 1.3 threshold (1.2999…): the first step.
    await expect.poll(riskTitles, { timeout: 60_000, interval: 500 }).toHaveLength(1);
    expect((await riskTitles())[0]).toMatch(/^Health factor 1\.30, below your 1\.3 alert$/);

    // WETH falls until HF ≈ 0.95: liquidatable, told once.
    const hf0 = await healthFactorOnChain();
    const weth0 = await wethPrice();
    await setPrice(session(), "WETH", (weth0 * 0.95) / hf0);
    await expect.poll(riskTitles, { timeout: 60_000, interval: 500 }).toHaveLength(2);
    expect((await riskTitles())[1]).toBe("Liquidatable: health factor below 1");

    // The devnet liquidator repays half the DAI debt and seizes WETH: liquidated, with the amounts.
    const result = await liquidate(session(), devnetAccounts.borrower);
    await expect.poll(riskTitles, { timeout: 60_000, interval: 500 }).toHaveLength(3);
    expect((await riskTitles())[2]).toBe("Liquidated on Aave");
    const told = (await recordedNotifications(stack.browser.context)).find((n) =>
      n.title.endsWith("Liquidated on Aave"),
    )!;
    const seized = Number(formatUnits(result.collateralReceived, 18)).toLocaleString("en-US", {
      maximumFractionDigits: 4,
    });
    expect(told.message).toContain(`Liquidated: ${seized} WETH`);
    expect(told.message).toMatch(
      /DAI \(\$[\d,.]+\); the liquidation bonus cost you \$[\d,.]+\. Health factor now 1\.\d\d\./,
    );
    expect(told.message).toMatch(/\(\d{2}:\d{2}\)$/);

    // The popup shows the position after the liquidation.
    const popup = await stack.browser.context.newPage();
    await popup.setViewportSize({ width: 360, height: 600 });
    await popup.goto(extensionUrl("popup.html"));
    const after = (await healthFactorOnChain()).toFixed(2);
    await expect
      .poll(() => popup.textContent('[data-testid="portfolio"] [data-testid="health-factor"]'), {
        timeout: 30_000,
      })
      .toContain(after);
    await shot(popup, "escalation-popup-after-liquidation");

    // Back to the starting price: recovered, once; nothing repeats.
    await setPrice(session(), "WETH", weth0);
    await expect.poll(riskTitles, { timeout: 60_000, interval: 500 }).toHaveLength(4);
    expect((await riskTitles())[3]).toMatch(/^Health factor 1\.\d\d, back above your 1\.3 alert$/);
    await new Promise((resolve) => setTimeout(resolve, 12_000)); // one more monitoring tick
    expect(await riskTitles()).toHaveLength(4);
    await popup.close();
  });
});
