/// <reference lib="dom" />
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { encodeFunctionData } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetAccounts } from "../devnet/testing";
import { poolAbi } from "../shared/abis/pool";
import { meResponseSchema } from "../shared/schemas/auth";
import { borrowerPortfolio } from "./fixtures/portfolio";
import { launchChromium, serviceWorkerEndingWith } from "./harness/browser";
import { buildExtension } from "./harness/buildExtension";
import { HOSTILE_PREVIEW_E2E_PORTS } from "./harness/ports";
import { textInClosedShadowRoots } from "./harness/shadowText";
import { outDir, root } from "./harness/stack";

// The pre-sign preview must never get in the wallet's way: whatever a page does to Vigil's card or however its
// wallet answers, a held transaction reaches the wallet (or is cancelled by the user), never waits forever.
// A page on a matched origin with its own EIP-6963 wallet (answers recorded in window.__calls), Vigil signed in
// from a seeded session and cached portfolio (no API, no devnet). Own ports 9203 and 9208 (closed).

const runDir = join(outDir, "hostile-preview");
const apiUrl = `http://127.0.0.1:${HOSTILE_PREVIEW_E2E_PORTS.closedApi}`;
const pageUrl = `http://127.0.0.1:${HOSTILE_PREVIEW_E2E_PORTS.page}/demo/preview.html`;
const account = devnetAccounts.borrower;
const HASH = `0x${"ab".repeat(32)}`;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Preview breaker</title><script>
(() => {
  const calls = [];
  window.__calls = calls;
  window.__chainIdHangs = false;
  const wallet = {
    request({ method }) {
      calls.push(method);
      if (method === "eth_chainId")
        return window.__chainIdHangs ? new Promise(() => undefined) : Promise.resolve("0x7a69");
      if (method === "eth_accounts" || method === "eth_requestAccounts")
        return Promise.resolve([${JSON.stringify(account.address)}]);
      if (method === "eth_sendTransaction") return Promise.resolve(${JSON.stringify(HASH)});
      return Promise.reject(Object.assign(new Error("unsupported"), { code: 4200 }));
    },
  };
  window.__wallet = wallet;
  // ?thief: the page tries to get Vigil's MessagePort from the code Vigil runs while it handles a message: the
  // event's data getter (this = the event, its target the port), window.event, and a builtin Vigil calls.
  const ports = new Set();
  window.__ports = ports;
  const grab = (event) => {
    if (event && event.target instanceof MessagePort) ports.add(event.target);
  };
  if (location.search.includes("thief")) {
    const data = Object.getOwnPropertyDescriptor(MessageEvent.prototype, "data");
    Object.defineProperty(MessageEvent.prototype, "data", {
      configurable: true,
      get() {
        grab(this);
        return data.get.call(this);
      },
    });
    const mapGet = Map.prototype.get;
    Map.prototype.get = function (key) {
      grab(window.event);
      return mapGet.call(this, key);
    };
    const request = wallet.request;
    wallet.request = function (args) {
      grab(window.event);
      return request.call(this, args);
    };
  }
  const info = { uuid: "22222222-2222-4222-8222-222222222222", name: "Page Wallet", icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E", rdns: "dev.vigil.preview-breaker" };
  const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider: wallet }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
})();
</script></head><body><main><h1>Preview breaker</h1></main></body></html>`;

let server: Server;
let browser: { context: BrowserContext; close(): Promise<void> };
let vigilId = "";
let page: Page;
let cdp: CDPSession;

const { pool, asset } = (() => {
  const aave = borrowerPortfolio(account.address).aave[0];
  const usdc = aave?.borrows.find((b) => b.symbol === "USDC");
  if (!aave || !usdc) throw new Error("fixture without a USDC borrow");
  return { pool: aave.pool, asset: usdc.asset };
})();
const borrowTx = (withChainId: boolean) => ({
  from: account.address,
  to: pool,
  data: encodeFunctionData({
    abi: poolAbi,
    functionName: "borrow",
    args: [asset, 2_500_000_000n, 2n, 0, account.address],
  }),
  ...(withChainId ? { chainId: "0x7a69" } : {}),
});

/** The page's own call to its wallet; the outcome lands in window.__outcome. */
const send = (tx: object) =>
  page.evaluate((t) => {
    const w = window as unknown as {
      __wallet: { request(a: unknown): Promise<unknown> };
      __outcome?: unknown;
    };
    w.__outcome = undefined;
    w.__wallet.request({ method: "eth_sendTransaction", params: [t] }).then(
      (hash) => {
        w.__outcome = { ok: true, hash };
      },
      (error: { code?: number }) => {
        w.__outcome = { ok: false, code: error.code };
      },
    );
  }, tx);
const outcome = () => page.evaluate(() => (window as unknown as { __outcome?: unknown }).__outcome ?? null);
const sends = () =>
  page.evaluate(
    () =>
      (window as unknown as { __calls: string[] }).__calls.filter((m) => m === "eth_sendTransaction").length,
  );
const card = async () => (await textInClosedShadowRoots(cdp)).join(" | ");

/** A session and a cached portfolio as the background keeps them (the API is down: risk shows "—"). */
async function seedSignedIn() {
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${vigilId}/options.html`);
  const now = new Date().toISOString();
  type StorageArea = { set(items: object): Promise<void> };
  await options.evaluate(
    async ({ session, local }) => {
      const storage = (
        globalThis as unknown as { chrome: { storage: { session: StorageArea; local: StorageArea } } }
      ).chrome.storage;
      await storage.session.set(session);
      await storage.local.set(local);
    },
    {
      session: {
        "vigil:session": {
          token: "e2e.session.token",
          apiUrl,
          address: account.address,
          userId: "7d0f3a52-5a0e-4d4b-9a63-2f3c4d5e6f70",
          expiresAt: Date.now() + 3_600_000,
          refreshToken: "e2e-unused-refresh-token",
          refreshExpiresAt: Date.now() + 3_600_000,
        },
      },
      local: {
        "vigil:dashboard": {
          me: meResponseSchema.parse({
            user: {
              id: "7d0f3a52-5a0e-4d4b-9a63-2f3c4d5e6f70",
              address: account.address,
              createdAt: now,
              lastLoginAt: now,
            },
            subscription: { tier: "free", limits: { maxRules: 3 }, periodStart: now, periodEnd: null },
            session: { active: true, expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
          }),
          portfolio: borrowerPortfolio(account.address),
          fetchedAt: Date.now(),
          error: null,
        },
      },
    },
  );
  await options.close();
}

beforeAll(async () => {
  mkdirSync(runDir, { recursive: true });
  server = createServer((request, response) => {
    if ((request.url ?? "").split("?")[0] !== "/demo/preview.html") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(HOSTILE_PREVIEW_E2E_PORTS.page, "127.0.0.1", resolve));
  const build = buildExtension({
    root,
    outDir: join(runDir, "build"),
    apiUrl,
    demoMatches: `http://127.0.0.1:${HOSTILE_PREVIEW_E2E_PORTS.page}/demo/*`,
  });
  browser = await launchChromium([build.dir]);
  vigilId = new URL((await serviceWorkerEndingWith(browser.context, "background.js")).url()).host;
  await seedSignedIn();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe("a page that breaks the pre-sign preview", () => {
  it("re-renders its body while Vigil's card is up: the transaction goes on to the wallet, and the next one gets a card", async () => {
    page = await browser.context.newPage();
    await page.goto(pageUrl);
    cdp = await browser.context.newCDPSession(page);
    await send(borrowTx(true));
    await expect.poll(card, { timeout: 20_000 }).toContain("Vigil · Borrow on Aave");
    expect(await sends()).toBe(0);
    // What an SPA (or a hostile page) does: the body's content is replaced, Vigil's card with it.
    await page.evaluate(() => {
      document.body.innerHTML = "<main><h1>Re-rendered</h1></main>";
    });
    await expect.poll(outcome, { timeout: 3_000 }).toEqual({ ok: true, hash: HASH });
    expect(await sends()).toBe(1);

    // Not stuck behind the card nobody can answer: the next Pool call is previewed, and Escape cancels it.
    await send(borrowTx(true));
    await expect.poll(card, { timeout: 20_000 }).toContain("Vigil · Borrow on Aave");
    await page.keyboard.press("Escape");
    await expect.poll(outcome, { timeout: 3_000 }).toEqual({ ok: false, code: 4001 });
    expect(await sends()).toBe(1);
    await page.close();
  });

  it("holds a borrow of an asset Vigil has no price for with a card saying HF after unknown, not “no debt”", async () => {
    page = await browser.context.newPage();
    await page.goto(pageUrl);
    cdp = await browser.context.newCDPSession(page);
    // DAI is in neither the fixture's supplies nor its borrows: Vigil cannot work the borrow out.
    const dai = "0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb";
    await send({
      from: account.address,
      to: pool,
      chainId: "0x7a69",
      data: encodeFunctionData({
        abi: poolAbi,
        functionName: "borrow",
        args: [dai, 10n ** 20n, 2n, 0, account.address],
      }),
    });
    await expect.poll(card, { timeout: 20_000 }).toContain("Vigil · Borrow on Aave");
    const shown = await card();
    expect(shown).toContain("1.42 → unknown");
    expect(shown).not.toContain("no debt");
    expect(await sends()).toBe(0);
    await page.keyboard.press("Escape");
    await expect.poll(outcome, { timeout: 3_000 }).toEqual({ ok: false, code: 4001 });
    expect(await sends()).toBe(0);
    await page.close();
  });

  it("has a wallet that never says its chain: a transaction without chainId goes on without a preview", async () => {
    page = await browser.context.newPage();
    await page.goto(pageUrl);
    cdp = await browser.context.newCDPSession(page);
    await page.evaluate(() => {
      (window as unknown as { __chainIdHangs: boolean }).__chainIdHangs = true;
    });
    await send(borrowTx(false));
    await expect.poll(outcome, { timeout: 3_000 }).toEqual({ ok: true, hash: HASH });
    expect(await sends()).toBe(1);
    await page.close();
  });

  it("cannot take Vigil's port from the code Vigil runs while handling its messages", async () => {
    page = await browser.context.newPage();
    await page.goto(`${pageUrl}?thief`);
    cdp = await browser.context.newCDPSession(page);
    // The preview's messages (pending, decision) reach Vigil's main-world script...
    await send(borrowTx(true));
    await expect.poll(card, { timeout: 20_000 }).toContain("Vigil · Borrow on Aave");
    await page.keyboard.press("Escape");
    await expect.poll(outcome, { timeout: 3_000 }).toEqual({ ok: false, code: 4001 });
    // ...and so does a relayed request from Vigil's own page, which calls the page's wallet.
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${vigilId}/options.html`);
    const answer = await options.evaluate(async (rdns) => {
      type Chrome = {
        storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
        tabs: { sendMessage(tabId: number, message: unknown, options: object): Promise<unknown> };
      };
      const chrome = (globalThis as unknown as { chrome: Chrome }).chrome;
      const stored = await chrome.storage.local.get("vigil:discoveredWallets");
      const wallets = (stored["vigil:discoveredWallets"] ?? []) as Array<{ rdns: string; tabIds: number[] }>;
      const tabId = wallets.find((w) => w.rdns === rdns)?.tabIds[0];
      if (tabId === undefined) return "no tab";
      return chrome.tabs.sendMessage(
        tabId,
        { type: "walletRelay/request", request: { rdns, method: "eth_chainId", params: [] } },
        { frameId: 0 },
      );
    }, "dev.vigil.preview-breaker");
    await options.close();
    expect(answer).toMatchObject({ outcome: { ok: true, result: "0x7a69" } });
    // Whatever port it got, it cannot speak as Vigil's main-world script: a forged "the site is on another
    // account" does not reach the badge.
    await expect.poll(card).toContain("Vigil · HF");
    await page.evaluate((other) => {
      for (const port of (window as unknown as { __ports: Set<MessagePort> }).__ports)
        port.postMessage({ kind: "page/account", account: other });
    }, devnetAccounts.supplier.address);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await card()).toContain("Vigil · HF");
    expect(await card()).not.toContain("other account");
    await page.close();
  });
});
