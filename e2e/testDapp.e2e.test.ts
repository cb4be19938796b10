/// <reference lib="dom" />
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { encodeFunctionData } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetAccounts, type StartedDevnet, startDevnet } from "../devnet/testing";
import { poolAbi } from "../shared/abis/pool";
import { meResponseSchema } from "../shared/schemas/auth";
import { borrowerPortfolio } from "./fixtures/portfolio";
import { launchChromium, serviceWorkerEndingWith } from "./harness/browser";
import { buildExtension } from "./harness/buildExtension";
import { TEST_DAPP_E2E_PORTS } from "./harness/ports";
import {
  installRecordingWallet,
  type RecordingWallet,
  type WalletRequestRecord,
} from "./harness/recordingWallet";
import { clickInClosedShadowRoots, textInClosedShadowRoots } from "./harness/shadowText";
import { outDir, root } from "./harness/stack";
import { startTestDappServer } from "./harness/testDappServer";

// MetaMask's public test dapp (npm @metamask/test-dapp, its static build served locally) driven through its own
// buttons, once on a path Vigil does not run on and once on a matched one, against the same devnet state (anvil
// snapshot/revert between the runs). Both runs must give the dapp the same answers and the wallet the same
// requests. Vigil is signed out here (its API port is closed): nothing on this page is an Aave Pool call.
// Own ports 8730-8739; no worker.

const runDir = join(outDir, "test-dapp");
let devnet: StartedDevnet;
let dapp: Awaited<ReturnType<typeof startTestDappServer>>;
let browser: { context: BrowserContext; close(): Promise<void> };
let vigilId = "";
const apiUrl = `http://127.0.0.1:${TEST_DAPP_E2E_PORTS.closedApi}`;

const account = devnetAccounts.borrower;
const OTHER_ACCOUNT = devnetAccounts.supplier.address;
const RECIPIENT = "0x0c54FcCd2e384b4BB6f2E405Bf5Cbc15a017AaFb";
const SPENDER = "0x2f318C334780961FB129D2a6c30D0763d9a5C970";

/**
 * Requests whose number depends on how fast blocks are polled: ethers waits for receipts, and while it waits
 * checks on each new block whether the transaction was replaced (the sender's nonce).
 */
const POLLING = new Set([
  "eth_blockNumber",
  "eth_getBlockByNumber",
  "eth_getTransactionByHash",
  "eth_getTransactionReceipt",
  "eth_getTransactionCount",
]);
/** What a wallet asks its user about: these must match exactly, answers included (signatures, tx hashes). */
const ASKS_USER = new Set([
  "eth_requestAccounts",
  "personal_sign",
  "eth_signTypedData_v4",
  "eth_sendTransaction",
  "wallet_addEthereumChain",
  "wallet_switchEthereumChain",
  "wallet_watchAsset",
]);
/** The page's own result fields (and the personal_sign button, which shows a rejection's error). */
const RESULT_FIELDS = [
  "accounts",
  "chainId",
  "network",
  "personalSignResult",
  "personalSign",
  "signTypedDataV4Result",
  "signPermitResult",
  "siweResult",
  "contractStatus",
  "erc20TokenAddresses",
  "nftsStatus",
  "erc721TokenAddresses",
];

interface RunResult {
  requests: WalletRequestRecord[];
  fields: Record<string, string>;
  vigilWrapped: boolean;
  badge: boolean;
  /** The wallet's answers to the requests sent from a page script (not a button). */
  direct: unknown[];
  /** For each of those: did the wallet's request() run within the dapp's own request() call (no hold)? */
  reachedWalletInCall: boolean[];
}

const rpc = async (method: string, params: unknown[] = []) => {
  const response = await fetch(devnet.rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
};

/** Clicks a dapp button and waits until the wallet has answered one more `method` request. */
async function clickAndWait(page: Page, wallet: RecordingWallet, selector: string, method: string) {
  const before = wallet.requests.filter((r) => r.method === method).length;
  await page.click(selector);
  await expect
    .poll(() => wallet.requests.filter((r) => r.method === method).length, { timeout: 60_000 })
    .toBe(before + 1);
  return wallet.requests.filter((r) => r.method === method).at(-1);
}

const text = async (page: Page, id: string) => ((await page.locator(`#${id}`).textContent()) ?? "").trim();

/** The dapp's flows in one fixed order; returns what the wallet saw and what the page shows. */
async function runDapp(url: string, name: string): Promise<RunResult> {
  const page = await browser.context.newPage();
  const wallet = await installRecordingWallet(page, { rpcUrl: devnet.rpcUrl, address: account.address });
  await page.goto(url);
  await expect.poll(() => text(page, "connectButton"), { timeout: 60_000 }).toBe("Connect");
  const badge = await page
    .locator('[data-testid="vigil-overlay-host"]')
    .waitFor({ state: "attached", timeout: 5000 })
    .then(
      () => true,
      () => false,
    );
  const vigilWrapped = await page.evaluate(
    () =>
      !(window as unknown as { ethereum: { request: () => unknown } }).ethereum.request
        .toString()
        .includes("timeOrigin"),
  );

  // Connect: refused once, then accepted.
  wallet.rejectNext();
  expect((await clickAndWait(page, wallet, "#connectButton", "eth_requestAccounts"))?.outcome).toMatchObject({
    ok: false,
    error: { code: 4001 },
  });
  await clickAndWait(page, wallet, "#connectButton", "eth_requestAccounts");
  await expect.poll(() => text(page, "accounts")).toBe(account.address);

  // Signatures: personal_sign, signTypedData_v4, an EIP-2612 permit; then a refused personal_sign.
  await clickAndWait(page, wallet, "#personalSign", "personal_sign");
  await expect.poll(() => text(page, "personalSignResult")).toMatch(/^0x[0-9a-f]{130}$/);
  await clickAndWait(page, wallet, "#signTypedDataV4", "eth_signTypedData_v4");
  await expect.poll(() => text(page, "signTypedDataV4Result")).toMatch(/^0x[0-9a-f]{130}$/);
  await clickAndWait(page, wallet, "#signPermit", "eth_signTypedData_v4");
  await expect.poll(() => text(page, "signPermitResult")).toMatch(/^0x[0-9a-f]{130}$/);
  // Sign-In with Ethereum (EIP-4361; the dapp's message has a fixed nonce and time), with resources too.
  await clickAndWait(page, wallet, "#siwe", "personal_sign");
  await expect.poll(() => text(page, "siweResult")).toMatch(/^0x[0-9a-f]{130}$/);
  const siwe = await text(page, "siweResult");
  await clickAndWait(page, wallet, "#siweResources", "personal_sign");
  await expect.poll(() => text(page, "siweResult")).not.toBe(siwe);
  wallet.rejectNext();
  await clickAndWait(page, wallet, "#personalSign", "personal_sign");
  await expect.poll(() => text(page, "personalSign")).toContain("User rejected");

  // ETH: the dapp's legacy send, its ~96 KB calldata send, a refused send; then, as another dapp would call
  // the same provider, a transfer with `data: ""` and a decimal value.
  await clickAndWait(page, wallet, "#sendButton", "eth_sendTransaction");
  await clickAndWait(page, wallet, "#sendHeavyHexDataButton", "eth_sendTransaction");
  wallet.rejectNext();
  await clickAndWait(page, wallet, "#sendButton", "eth_sendTransaction");
  const direct: unknown[] = [];
  const reachedWalletInCall: boolean[] = [];
  const sendFromPage = async (tx: Record<string, string>) => {
    const { outcome, inCall } = await page.evaluate(async (params) => {
      const w = window as unknown as {
        ethereum: { request(a: unknown): Promise<unknown> };
        __e2eWalletSends?: number;
      };
      const before = w.__e2eWalletSends ?? 0;
      const pending = w.ethereum.request({ method: "eth_sendTransaction", params: [params] });
      const inCall = (w.__e2eWalletSends ?? 0) > before;
      const outcome = await pending.then(
        (hash) => ({ ok: true, hash }),
        (error: { code?: number }) => ({ ok: false, code: error.code }),
      );
      return { outcome, inCall };
    }, tx);
    direct.push(outcome);
    reachedWalletInCall.push(inCall);
  };
  await sendFromPage({ from: account.address, to: RECIPIENT, value: "1000", data: "" });
  await sendFromPage({ from: account.address, to: RECIPIENT, data: `0x${"ab".repeat(48_000)}` });

  // Contracts: deploy the piggy bank, create an ERC-20, transfer it and approve a spender; watch the asset.
  await page.click("#deployButton");
  await expect.poll(() => text(page, "contractStatus"), { timeout: 60_000 }).toBe("Deployed");
  await page.click("#createToken");
  await expect
    .poll(() => text(page, "erc20TokenAddresses"), { timeout: 60_000 })
    .toMatch(/^0x[0-9a-fA-F]{40}$/);
  await clickAndWait(page, wallet, "#transferTokens", "eth_sendTransaction");
  await page.fill("#approveTo", SPENDER);
  await clickAndWait(page, wallet, "#approveTokens", "eth_sendTransaction");
  await clickAndWait(page, wallet, "#watchAssets", "wallet_watchAsset");
  // ERC-721: deploy, mint, approve token 1, approve an operator for all, transfer token 1.
  const nftStep = async (button: string, status: string) => {
    await page.click(button);
    await expect.poll(() => text(page, "nftsStatus"), { timeout: 60_000 }).toBe(status);
  };
  await nftStep("#deployNFTsButton", "Deployed");
  await nftStep("#mintButton", "Mint completed");
  await nftStep("#approveButton", "Approve completed");
  await nftStep("#setApprovalForAllButton", "Set Approval For All completed");
  await nftStep("#transferFromButton", "Transfer From completed");

  // The wallet's events: another account, and back.
  await wallet.emit("accountsChanged", [OTHER_ACCOUNT]);
  await expect.poll(() => text(page, "accounts")).toBe(OTHER_ACCOUNT);
  await wallet.emit("accountsChanged", [account.address]);
  await expect.poll(() => text(page, "accounts")).toBe(account.address);

  // A call shaped like an Aave Pool borrow (to an ordinary address): with Vigil it crosses to the content
  // script, which answers "go on" at once (signed out, not a Pool it knows).
  const borrowShaped = encodeFunctionData({
    abi: poolAbi,
    functionName: "borrow",
    args: [SPENDER, 1n, 2n, 0, account.address],
  });
  await sendFromPage({ from: account.address, to: RECIPIENT, data: borrowShaped, chainId: "0x7a69" });

  // Chains last (the wallet then reports the new chain): add 0x53a, switch to it, chainChanged reaches the page.
  await clickAndWait(page, wallet, "#addEthereumChain", "wallet_addEthereumChain");
  await clickAndWait(page, wallet, "#switchEthereumChain", "wallet_switchEthereumChain");
  await expect.poll(() => text(page, "chainId")).toBe("0x53a");

  const fields: Record<string, string> = {};
  for (const id of RESULT_FIELDS) fields[id] = await text(page, id);
  await page.screenshot({ path: join(runDir, `${name}.png`) });
  await page.close();
  return { requests: [...wallet.requests], fields, vigilWrapped, badge, direct, reachedWalletInCall };
}

const asked = (run: RunResult) =>
  run.requests
    .filter((r) => ASKS_USER.has(r.method))
    .map(({ method, params, outcome }) => ({ method, params, outcome }));
/** Every distinct read the wallet got: how often ethers re-asks (chain id, nonce) depends on timing. */
const distinctReads = (run: RunResult) =>
  [
    ...new Set(
      run.requests
        .filter((r) => !ASKS_USER.has(r.method) && !POLLING.has(r.method))
        .map(({ method, params }) => JSON.stringify({ method, params })),
    ),
  ].sort();

let without: RunResult;
let withVigil: RunResult;
let snapshot: unknown;

beforeAll(async () => {
  mkdirSync(runDir, { recursive: true });
  devnet = await startDevnet({ port: TEST_DAPP_E2E_PORTS.devnet });
  dapp = await startTestDappServer({ port: TEST_DAPP_E2E_PORTS.dapp, root });
  const build = buildExtension({
    root,
    outDir: join(runDir, "build"),
    apiUrl,
    demoMatches: `${dapp.origin}/demo/*`,
  });
  browser = await launchChromium([build.dir]);
  vigilId = new URL((await serviceWorkerEndingWith(browser.context, "background.js")).url()).host;
  // Offline: the page's fonts and CSS CDNs fail at once instead of waiting on DNS.
  await browser.context.route(
    (url) => url.protocol.startsWith("http") && url.hostname !== "127.0.0.1",
    (route) => route.abort(),
  );
  snapshot = await rpc("evm_snapshot");
});

afterAll(async () => {
  await browser?.close();
  await dapp?.stop();
  await devnet?.stop();
});

describe("MetaMask's test dapp with and without Vigil", () => {
  it("runs every flow without Vigil, then with it, from the same chain state", {
    timeout: 400_000,
  }, async () => {
    without = await runDapp(dapp.withoutVigil, "test-dapp-without-vigil");
    await rpc("evm_revert", [snapshot]);
    withVigil = await runDapp(dapp.withVigil, "test-dapp-with-vigil");
  });

  it("Vigil runs on the matched path only (badge, wrapped provider)", () => {
    expect(withVigil).toMatchObject({ badge: true, vigilWrapped: true });
    expect(without).toMatchObject({ badge: false, vigilWrapped: false });
  });

  it("the dapp shows the same results", () => {
    expect(withVigil.fields).toEqual(without.fields);
    expect(withVigil.fields).toMatchObject({
      accounts: account.address,
      chainId: "0x53a",
      contractStatus: "Deployed",
    });
    expect(withVigil.fields.personalSign).toContain("User rejected");
  });

  it("the wallet is asked the same things and gives the same answers (signatures, transaction hashes)", () => {
    const runs = [asked(without), asked(withVigil)];
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[0]?.map((r) => `${r.method}:${r.outcome.ok ? "ok" : r.outcome.error.code}`)).toEqual([
      "eth_requestAccounts:4001",
      "eth_requestAccounts:ok",
      "personal_sign:ok",
      "eth_signTypedData_v4:ok",
      "eth_signTypedData_v4:ok",
      "personal_sign:ok", // SIWE
      "personal_sign:ok", // SIWE with resources
      "personal_sign:4001",
      "eth_sendTransaction:ok",
      "eth_sendTransaction:ok",
      "eth_sendTransaction:4001",
      "eth_sendTransaction:ok", // data "" and a decimal value, from a page script
      "eth_sendTransaction:ok", // 96 KB of calldata, from a page script
      "eth_sendTransaction:ok", // piggy bank deploy
      "eth_sendTransaction:ok", // ERC-20 deploy
      "eth_sendTransaction:ok", // ERC-20 transfer
      "eth_sendTransaction:ok", // ERC-20 approve
      "wallet_watchAsset:ok",
      "eth_sendTransaction:ok", // ERC-721 deploy
      "eth_sendTransaction:ok", // mint
      "eth_sendTransaction:ok", // approve
      "eth_sendTransaction:ok", // setApprovalForAll
      "eth_sendTransaction:ok", // transferFrom
      "eth_sendTransaction:ok", // Pool-shaped call
      "wallet_addEthereumChain:ok",
      "wallet_switchEthereumChain:ok",
    ]);
    expect(withVigil.direct).toEqual(without.direct);
  });

  it("the wallet gets the same reads, and the transactions with the dapp's own payload", () => {
    expect(distinctReads(withVigil)).toEqual(distinctReads(without));
    const sends = withVigil.requests.filter((r) => r.method === "eth_sendTransaction");
    // The shapes that used to be held: empty data with a decimal value, and ~96 KB of calldata.
    expect(sends.map((r) => (r.params as Array<{ data?: string }>)[0]?.data?.length ?? -1)).toEqual(
      expect.arrayContaining([0, 192_330]),
    );
  });

  it("with Vigil, only the Pool-shaped call is held; the others reach the wallet within the dapp's own call", () => {
    // data "" with a decimal value, ~96 KB of calldata, a call with a Pool borrow's selector.
    expect(without.reachedWalletInCall).toEqual([true, true, true]);
    expect(withVigil.reachedWalletInCall).toEqual([true, true, false]);
  });

  it("signed in, an Aave Pool borrow on the dapp's page waits for Vigil's card only: cancel → 4001, continue → the wallet", async () => {
    // A session and a cached portfolio as the background keeps them (the API is down: risk shows "—").
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${vigilId}/options.html`);
    const now = new Date().toISOString();
    type StorageArea = { set(items: object): Promise<void> };
    await options.evaluate(
      async ({ session, local }) => {
        const storage = (
          globalThis as unknown as { chrome: { storage: { session: StorageArea; local: StorageArea } } }
        ).chrome.storage;
        // The session lives in storage.session (out of content scripts' reach), the dashboard cache in local.
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
            // The API is down here; nothing is renewed within the test.
            refreshToken: "e2e-unused-refresh-token",
            refreshExpiresAt: Date.now() + 3_600_000,
          },
        },
        local: {
          "vigil:dashboard": {
            // Parsed with the shared schema, so a change of GET /me's contract fails here, not silently.
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
    const { pool, asset } = (() => {
      const aave = borrowerPortfolio(account.address).aave[0];
      const usdc = aave?.borrows.find((b) => b.symbol === "USDC");
      if (!aave || !usdc) throw new Error("fixture without a USDC borrow");
      return { pool: aave.pool, asset: usdc.asset };
    })();

    const page = await browser.context.newPage();
    const wallet = await installRecordingWallet(page, { rpcUrl: devnet.rpcUrl, address: account.address });
    await page.goto(dapp.withVigil);
    await expect.poll(() => text(page, "connectButton"), { timeout: 60_000 }).toBe("Connect");
    const cdp = await browser.context.newCDPSession(page);
    const tx = {
      from: account.address,
      to: pool,
      data: encodeFunctionData({
        abi: poolAbi,
        functionName: "borrow",
        args: [asset, 2_500_000_000n, 2n, 0, account.address],
      }),
    };
    const ask = () =>
      page.evaluate((t) => {
        const w = window as unknown as {
          ethereum: { request(a: unknown): Promise<unknown> };
          __outcome?: unknown;
        };
        w.__outcome = w.ethereum.request({ method: "eth_sendTransaction", params: [t] }).then(
          (hash) => ({ ok: true, hash }),
          (error: { code?: number }) => ({ ok: false, code: error.code }),
        );
      }, tx);
    const outcome = () =>
      page.evaluate(() => (window as unknown as { __outcome: Promise<unknown> }).__outcome);
    const sends = () => wallet.requests.filter((r) => r.method === "eth_sendTransaction");
    const card = async () => (await textInClosedShadowRoots(cdp)).join(" | ");

    await ask();
    await expect.poll(card, { timeout: 20_000 }).toContain("Vigil · Borrow on Aave");
    expect(await card()).toContain("2,500 USDC");
    expect(await card()).toMatch(/Health factor \| 1\.42 → 1\.\d\d/);
    // The card holds the request: the wallet was only asked which chain it is on.
    expect(wallet.requests.map((r) => r.method)).not.toContain("eth_sendTransaction");
    await page.keyboard.press("Escape");
    expect(await outcome()).toEqual({ ok: false, code: 4001 });
    expect(sends()).toEqual([]);
    expect(await card()).not.toContain("Borrow on Aave");

    // 1.42 → 1.25 is under the default 1.3 alert: Cancel is the default, going on takes a tick and a click.
    await ask();
    await expect.poll(card, { timeout: 20_000 }).toContain("Vigil · Borrow on Aave");
    expect(await card()).toContain("This borrow puts you below your 1.30 alert");
    expect(sends()).toEqual([]);
    await page.keyboard.press("Enter");
    expect(await outcome()).toEqual({ ok: false, code: 4001 });
    expect(sends()).toEqual([]);

    await ask();
    await expect.poll(card, { timeout: 20_000 }).toContain("Vigil · Borrow on Aave");
    await clickInClosedShadowRoots(cdp, "vigil-preview-ack");
    await clickInClosedShadowRoots(cdp, "vigil-preview-continue");
    expect(await outcome()).toMatchObject({ ok: true });
    expect(sends().map((r) => r.params)).toEqual([[tx]]);
    await page.screenshot({ path: join(runDir, "test-dapp-borrow-continued.png") });
    await page.close();
  });

  it("the page switches the wallet's network while the card is up: the card never stands for the other network", async () => {
    // Signed in as the previous case left it (session and cached portfolio in storage).
    const { pool, asset } = (() => {
      const aave = borrowerPortfolio(account.address).aave[0];
      const usdc = aave?.borrows.find((b) => b.symbol === "USDC");
      if (!aave || !usdc) throw new Error("fixture without a USDC borrow");
      return { pool: aave.pool, asset: usdc.asset };
    })();
    const page = await browser.context.newPage();
    const wallet = await installRecordingWallet(page, { rpcUrl: devnet.rpcUrl, address: account.address });
    await page.goto(dapp.withVigil);
    await expect.poll(() => text(page, "connectButton"), { timeout: 60_000 }).toBe("Connect");
    const cdp = await browser.context.newCDPSession(page);
    // No chainId in the transaction: the wallet sends it on whatever network it is on when it is released.
    const tx = {
      from: account.address,
      to: pool,
      data: encodeFunctionData({
        abi: poolAbi,
        functionName: "borrow",
        args: [asset, 1_000_000_000n, 2n, 0, account.address],
      }),
    };
    type PageWindow = { ethereum: { request(a: unknown): Promise<unknown> }; __outcome?: unknown };
    await page.evaluate((t) => {
      const w = window as unknown as PageWindow;
      w.__outcome = w.ethereum.request({ method: "eth_sendTransaction", params: [t] }).then(
        (hash) => ({ ok: true, hash }),
        (error: { code?: number }) => ({ ok: false, code: error.code }),
      );
    }, tx);
    const outcome = () =>
      page.evaluate(() => (window as unknown as { __outcome: Promise<unknown> }).__outcome);
    const card = async () => (await textInClosedShadowRoots(cdp)).join(" | ");
    await expect.poll(card, { timeout: 20_000 }).toContain("Vigil · Borrow on Aave");

    // While the card (computed for the devnet, 0x7a69) is up, the page moves the wallet to 0x53a.
    await page.evaluate(async () => {
      const { ethereum } = window as unknown as PageWindow;
      await ethereum.request({
        method: "wallet_addEthereumChain",
        params: [
          {
            chainId: "0x53a",
            chainName: "Other",
            rpcUrls: ["http://127.0.0.1:1"],
            nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
          },
        ],
      });
      await ethereum.request({ method: "wallet_switchEthereumChain", params: [{ chainId: "0x53a" }] });
    });
    await clickInClosedShadowRoots(cdp, "vigil-preview-continue");

    // The devnet's preview is not let through as the 0x53a one: the card says the network changed instead.
    await expect.poll(card, { timeout: 20_000 }).toContain("Vigil · Your wallet switched networks");
    expect(await card()).not.toContain("Borrow on Aave");
    expect(wallet.requests.map((r) => r.method)).not.toContain("eth_sendTransaction");
    await page.screenshot({ path: join(runDir, "test-dapp-chain-switched.png") });

    // The user's choice still counts: Continue sends it to the wallet, unchanged, on the network it is on.
    await clickInClosedShadowRoots(cdp, "vigil-preview-continue");
    await expect.poll(() => wallet.requests.filter((r) => r.method === "eth_sendTransaction").length).toBe(1);
    const sent = wallet.requests.find((r) => r.method === "eth_sendTransaction");
    expect(sent?.params).toEqual([tx]);
    await outcome();
    await page.close();
  });
});
