/// <reference lib="dom" />
import type { BrowserContext, Page } from "playwright-core";
import { type Hex, isHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrice } from "../devnet/actions/setPrice";
import { devnetSession } from "../devnet/session";
import { devnetAccounts } from "../devnet/testing";
import { transactionSchema } from "../shared/schemas/transactions";
import { apiCaller } from "./harness/api";
import { installPageWallet, PAGE_WALLET_INFO, type PageWallet } from "./harness/pageWallet";
import { HOSTILE_E2E_PORTS } from "./harness/ports";
import { awaitProposalNotification } from "./harness/proposals";
import { textInClosedShadowRoots } from "./harness/shadowText";
import { type Stack, startStack } from "./harness/stack";

// A hostile page on an origin Vigil's content script runs on (e2e/demo/hostile.html, served from the demo
// server's origin) attacks the page-wallet relay: it listens for the relay's channel, plants its own port,
// answers relayed requests the old way, re-announces the user's wallet with a forging provider, and offers its
// own wallet whose answers it chooses (a forged signature, another account, an unrelated transaction hash).
// Vigil must refuse each, and the approval page must never say "Confirmed" for a forged hash.

const HOSTILE_RDNS = "dev.vigil.hostile-wallet";
/** Not the user (the borrower): the key a page could hold for "another address". */
const stranger = privateKeyToAccount(devnetAccounts.supplier.privateKey);

interface HostileLog {
  messages: string[];
  offersSeen: number;
  portsSeen: number;
  plantedPortTaken: boolean;
  plantedPortMessages: number;
  fakeCalls: string[];
  ownWalletCalls: string[];
}

/** What the hostile page's own wallet answers, set per test. */
const forged: { account: Hex; txHash: Hex | null } = { account: "0x", txHash: null };

let stack: Stack;
let realWallet: PageWallet;
let hostile: Page;
let token = "";

const extensionUrl = (path: string) => `chrome-extension://${stack.browser.vigilId}/${path}`;
const api = apiCaller(
  () => stack.apiUrl,
  () => token,
);
/** The in-page badge's text on the hostile tab (a closed shadow root: read through CDP). */
const badgeText = async () =>
  (await textInClosedShadowRoots(await stack.browser.context.newCDPSession(hostile))).join(" | ");
const hostileLog = () => hostile.evaluate(() => (window as unknown as { __hostile: HostileLog }).__hostile);

type ChromeStorage = {
  chrome: {
    storage: {
      local: { get(key: string): Promise<Record<string, unknown>> };
      session: { get(key: string): Promise<Record<string, unknown>> };
    };
  };
};

async function storedSession(page: Page): Promise<{ token: string; address: string } | undefined> {
  const stored = await page.evaluate(() =>
    (globalThis as unknown as ChromeStorage).chrome.storage.session.get("vigil:session"),
  );
  return stored["vigil:session"] as { token: string; address: string } | undefined;
}

/** The page's own wallet: answers with the test's forged values (signatures by the stranger's key). */
async function installHostileWallet(context: BrowserContext) {
  await context.exposeBinding("__hostileWallet", async (_source, method: string, params: unknown[]) => {
    switch (method) {
      case "eth_chainId":
        return "0x7a69";
      case "eth_requestAccounts":
        return [forged.account];
      case "personal_sign": {
        const [message] = params;
        if (typeof message !== "string" || !isHex(message)) throw new Error("hex message expected");
        return stranger.signMessage({ message: { raw: message } });
      }
      case "eth_sendTransaction":
        return forged.txHash;
      default:
        throw new Error(`unexpected ${method}`);
    }
  });
}

/** Chooses the page wallet `rdns` in the options page (as seen on the demo origin). */
async function chooseWallet(rdns: string) {
  const options = await stack.browser.context.newPage();
  await options.goto(extensionUrl("options.html"));
  await options.check('input[name="walletKind"] >> nth=1');
  await options.selectOption("select", rdns);
  await options.click('[data-testid="save"]');
  await expect.poll(() => options.textContent('[data-testid="options-status"]')).toBe("Saved.");
  await options.close();
}

async function startSignIn(): Promise<Page> {
  const connect = await stack.browser.context.newPage();
  await connect.goto(extensionUrl("connect.html"));
  await connect.click('[data-testid="connect-sign-in"]');
  return connect;
}

beforeAll(async () => {
  stack = await startStack({ account: "borrower", ports: HOSTILE_E2E_PORTS, runName: "hostile-page" });
  realWallet = await installPageWallet(stack.browser.context, stack.signer.url);
  await installHostileWallet(stack.browser.context);
  hostile = await stack.browser.context.newPage();
  await hostile.goto(new URL("hostile.html", stack.demoUrl).href);
});

afterAll(async () => {
  await stack?.stop();
});

describe("a hostile page on a matched origin", () => {
  it("keeps the first announcement of the user's wallet: the page's second one under that rdns is ignored", async () => {
    await expect.poll(badgeText, { timeout: 15_000 }).toContain("Vigil · sign in"); // signed out: the badge says so (its details are a tooltip)
    const options = await stack.browser.context.newPage();
    await options.goto(extensionUrl("options.html"));
    await expect
      .poll(async () => {
        const stored = await options.evaluate(() =>
          (globalThis as unknown as ChromeStorage).chrome.storage.local.get("vigil:discoveredWallets"),
        );
        const wallets = (stored["vigil:discoveredWallets"] ?? []) as Array<{ rdns: string; uuid: string }>;
        return wallets.map((wallet) => `${wallet.rdns} ${wallet.uuid}`).sort();
      })
      .toEqual([
        `${PAGE_WALLET_INFO.rdns} ${PAGE_WALLET_INFO.uuid}`,
        `${HOSTILE_RDNS} 11111111-1111-4111-8111-111111111111`,
      ]);
    await options.close();
  });

  it("cannot sign the user in with a signature from another key", async () => {
    await chooseWallet(HOSTILE_RDNS);
    forged.account = stack.signer.address;
    const connect = await startSignIn();
    await connect.waitForSelector('[data-testid="connect-confirm"]', { timeout: 30_000 });
    expect(await connect.textContent('[data-testid="connect-account"]')).toBe(stack.signer.address);
    await connect.click('[data-testid="connect-confirm-yes"]');
    await connect.waitForSelector('[data-testid="connect-error"]', { timeout: 30_000 });
    expect(await connect.textContent('[data-testid="connect-error"]')).toBe(
      `The signature is from ${stranger.address}, not ${stack.signer.address}, the account you chose. Not signed in.`,
    );
    expect((await hostileLog()).ownWalletCalls).toContain("personal_sign");
    expect(await storedSession(connect)).toBeUndefined();
    await connect.close();
  });

  it("cannot sign the user in as another address: the account is shown first and nothing is signed unless confirmed", async () => {
    forged.account = stranger.address;
    const before = (await hostileLog()).ownWalletCalls.length;
    const connect = await startSignIn();
    await connect.waitForSelector('[data-testid="connect-confirm"]', { timeout: 30_000 });
    expect(await connect.textContent('[data-testid="connect-account"]')).toBe(stranger.address);
    await connect.click('[data-testid="connect-confirm-no"]');
    await connect.waitForSelector('[data-testid="connect-error"]');
    expect(await connect.textContent('[data-testid="connect-error"]')).toBe(
      `You did not confirm ${stranger.address}. Nothing was signed.`,
    );
    expect((await hostileLog()).ownWalletCalls.slice(before)).not.toContain("personal_sign");
    expect(await storedSession(connect)).toBeUndefined();
    await connect.close();
  });

  it("cannot replace the user's wallet, learn the relay's port or answer for it: sign-in goes to the real wallet", async () => {
    await chooseWallet(PAGE_WALLET_INFO.rdns);
    realWallet.calls.length = 0;
    const connect = await startSignIn();
    await connect.waitForSelector('[data-testid="connect-confirm"]', { timeout: 30_000 });
    await connect.click('[data-testid="connect-confirm-yes"]');
    await connect.waitForSelector('[data-testid="connect-done"]', { timeout: 30_000 });
    const session = await storedSession(connect);
    expect(session?.address).toBe(stack.signer.address);
    token = session?.token ?? "";
    await connect.close();
    // The session is out of the content script's reach; the background tells the overlay, which asks again.
    await expect.poll(badgeText, { timeout: 30_000 }).toContain("Vigil · HF");

    // The real wallet signed, asked through the hostile page's tab; the page's second announcement was ignored.
    expect(realWallet.calls.filter((call) => call.method === "personal_sign")).toEqual([
      { method: "personal_sign", page: hostile.url() },
    ]);
    const log = await hostileLog();
    expect(log.fakeCalls).toEqual([]);
    // No port reached the page, its planted port was never taken nor written to, and no relay traffic (no
    // channel id, no request, no answer) crossed window messages.
    expect(log.offersSeen).toBe(0);
    expect(log.portsSeen).toBe(0);
    expect(log.plantedPortTaken).toBe(false);
    expect(log.plantedPortMessages).toBe(0);
    expect(log.messages.filter((text) => /vigil|wallet\/|eip6963|preview\//.test(text))).toEqual(
      log.messages.filter((text) => text.includes("0xforged")),
    );
  });

  it("cannot make the approval page report or confirm a forged transaction hash", async () => {
    // An unrelated, successful transaction of the user's: a real hash, but not the proposal's step.
    const unrelated = await fetch(`${stack.signer.url}/rpc`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        method: "eth_sendTransaction",
        params: [{ to: stranger.address, data: "0x", value: "0x0" }],
      }),
    });
    forged.txHash = ((await unrelated.json()) as { result: Hex }).result;
    forged.account = stack.signer.address;
    await chooseWallet(HOSTILE_RDNS);

    const rule = await api<{ id: string }>("/rules", {
      method: "POST",
      json: {
        name: "Repay (hostile page)",
        trigger: { type: "health_factor_below", value: 1.25 },
        action: { type: "repay", chainId: 31337, asset: "DAI", targetHealthFactor: 1.6 },
        guards: { cooldownSeconds: 3600, proposalExpirySeconds: 900, maxGasUsd: 25 },
      },
    });
    await setPrice(devnetSession(stack.devnet.rpcUrl, stack.devnet.info), "WETH", 3100);
    await api("/portfolios/refresh", { method: "POST" });
    const proposal = await awaitProposalNotification(stack.browser.context, api, rule.id);

    const approval = await stack.browser.context.newPage();
    await approval.goto(extensionUrl(`approval.html#${proposal.id}`));
    await approval.waitForSelector('[data-testid="approval"][data-state="ready"]', { timeout: 20_000 });
    await approval.click('[data-testid="approval-sign"]');
    await approval.waitForSelector('[data-testid="approval-error"]', { timeout: 60_000 });
    const error = await approval.textContent('[data-testid="approval-error"]');
    expect(error).toContain(`The wallet's hash for step 1 (${forged.txHash}) is not that step:`);
    expect(error).toContain(`it calls ${stranger.address}, not `);
    expect(error).toContain("its calldata 0x is not the step's");
    // Stopped at the first forged answer: nothing more was asked, nothing reported, never "Confirmed".
    expect((await hostileLog()).ownWalletCalls.filter((m) => m === "eth_sendTransaction")).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(await approval.getAttribute('[data-testid="approval-status"]', "data-status")).toBe("approved");
    expect(await approval.textContent('[data-testid="approval-status"]')).not.toContain("Confirmed");
    const after = transactionSchema.parse(await api(`/transactions/${proposal.id}`));
    expect(after.status).toBe("approved");
    expect(after.txHashes).toEqual([]);
    await approval.close();
  }, 300_000);
});
