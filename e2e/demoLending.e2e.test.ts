/// <reference lib="dom" />
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { createPublicClient, decodeFunctionData, erc20Abi, type Hex, http, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoServer } from "../devnet/demo/demoServer";
import { devnetAccounts, type StartedDevnet, startDevnet } from "../devnet/testing";
import { poolAbi } from "../shared/abis/pool";
import { launchChromium } from "./harness/browser";
import { buildExtension } from "./harness/buildExtension";
import { DEMO_LENDING_E2E_PORTS } from "./harness/ports";
import { installRecordingWallet, type RecordingWallet } from "./harness/recordingWallet";
import { outDir, root } from "./harness/stack";

// The demo lending page (devnet/demo/lending.html, what `npm start` serves) in Chromium with Vigil loaded, its
// buttons clicked as a newcomer would: each one must reach the wallet as the Pool call it names and change the
// position on the devnet. Own ports 9150-9159; no worker (Vigil signed out, its API closed).

const runDir = join(outDir, "demo-lending");
const account = devnetAccounts.borrower;
let devnet: StartedDevnet;
let demo: Awaited<ReturnType<typeof startDemoServer>>;
let browser: { context: BrowserContext; close(): Promise<void> };

beforeAll(async () => {
  mkdirSync(runDir, { recursive: true });
  devnet = await startDevnet({ port: DEMO_LENDING_E2E_PORTS.devnet });
  const page = join(root, "devnet", "demo", "lending.html");
  demo = await startDemoServer({ port: DEMO_LENDING_E2E_PORTS.demo, pages: { "": page } });
  const build = buildExtension({
    root,
    outDir: join(runDir, "build"),
    apiUrl: `http://127.0.0.1:${DEMO_LENDING_E2E_PORTS.closedApi}`,
    demoMatches: `${new URL(demo.url).origin}/demo/*`,
  });
  browser = await launchChromium([build.dir]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  await devnet?.stop();
});

describe("the demo lending page", () => {
  it("sends supply, borrow, repay and withdraw through the page's wallet, and the chain follows", async () => {
    const chain = createPublicClient({ transport: http(devnet.rpcUrl) });
    const dai = devnet.info.reserves.DAI;
    const balance = (token: Hex) =>
      chain.readContract({
        address: token,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [account.address],
      });
    const page = await browser.context.newPage();
    const wallet = await installRecordingWallet(page, { rpcUrl: devnet.rpcUrl, address: account.address });
    await page.goto(demo.url);
    await page.click("#connect");
    await expect.poll(() => page.textContent('[data-testid="account"]')).toBe(account.address);
    await page.selectOption("#asset", "DAI");

    const aDaiBefore = await balance(dai.aToken);
    const supplied = await click(page, wallet, "supply", "100", 2);
    expect(supplied[0]).toEqual({
      to: dai.underlying,
      call: "approve",
      args: [devnet.info.contracts.pool, parseUnits("100", 18)],
    });
    expect(supplied[1]).toEqual({
      to: devnet.info.contracts.pool,
      call: "supply",
      args: [dai.underlying, parseUnits("100", 18), account.address, 0],
    });
    expect(Number((await balance(dai.aToken)) - aDaiBefore) / 1e18).toBeCloseTo(100, 3);

    const debtBefore = await balance(dai.variableDebtToken);
    const borrowed = await click(page, wallet, "borrow", "50", 1);
    expect(borrowed[0]).toEqual({
      to: devnet.info.contracts.pool,
      call: "borrow",
      args: [dai.underlying, parseUnits("50", 18), 2n, 0, account.address],
    });
    expect(Number((await balance(dai.variableDebtToken)) - debtBefore) / 1e18).toBeCloseTo(50, 3);

    const repaid = await click(page, wallet, "repay", "50", 2);
    expect(repaid[1]).toEqual({
      to: devnet.info.contracts.pool,
      call: "repay",
      args: [dai.underlying, parseUnits("50", 18), 2n, account.address],
    });
    expect(Number((await balance(dai.variableDebtToken)) - debtBefore) / 1e18).toBeCloseTo(0, 3);

    const withdrawn = await click(page, wallet, "withdraw", "100", 1);
    expect(withdrawn[0]).toEqual({
      to: devnet.info.contracts.pool,
      call: "withdraw",
      args: [dai.underlying, parseUnits("100", 18), account.address],
    });
    expect(Number((await balance(dai.aToken)) - aDaiBefore) / 1e18).toBeCloseTo(0, 3);

    // A bad amount never reaches the wallet.
    const sends = wallet.requests.filter((r) => r.method === "eth_sendTransaction").length;
    await page.fill("#amount", "ten");
    await page.click("#borrow");
    await expect.poll(() => page.textContent('[data-testid="status"]')).toContain("Enter an amount");
    expect(wallet.requests.filter((r) => r.method === "eth_sendTransaction")).toHaveLength(sends);
    await page.close();
  });
});

/** Clicks an action with an amount; returns the `count` transactions the wallet sent for it, decoded. */
async function click(page: Page, wallet: RecordingWallet, action: string, amount: string, count: number) {
  const before = wallet.requests.filter((r) => r.method === "eth_sendTransaction").length;
  await page.fill("#amount", amount);
  await page.click(`#${action}`);
  await expect
    .poll(() => page.textContent('[data-testid="status"]'), { timeout: 60_000 })
    .toMatch(new RegExp(`^${action} sent: 0x`));
  const sent = wallet.requests.filter((r) => r.method === "eth_sendTransaction").slice(before);
  expect(sent).toHaveLength(count);
  const chain = createPublicClient({ transport: http(devnet.rpcUrl) });
  for (const request of sent) {
    if (!request.outcome.ok) throw new Error(`${action}: ${request.outcome.error.message}`);
    const receipt = await chain.waitForTransactionReceipt({ hash: request.outcome.result as Hex });
    if (receipt.status !== "success") {
      const [tx] = request.params as [{ from: Hex; to: Hex; data: Hex }];
      const why = await chain.call({ account: tx.from, to: tx.to, data: tx.data }).then(
        () => "no revert on replay",
        (error: Error) => error.message.split("\n")[0],
      );
      throw new Error(`${action} reverted on chain: ${why}`);
    }
  }
  return sent.map((request) => {
    const [tx] = request.params as [{ to: Hex; data: Hex }];
    const abi = tx.to.toLowerCase() === devnet.info.contracts.pool.toLowerCase() ? poolAbi : erc20Abi;
    const { functionName, args } = decodeFunctionData({ abi, data: tx.data });
    return { to: tx.to, call: functionName, args };
  });
}
