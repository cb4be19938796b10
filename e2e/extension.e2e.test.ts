/// <reference lib="dom" />
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { createPublicClient, formatUnits, hexToString, http } from "viem";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devnetAccounts } from "../devnet/seed/accounts";
import { poolAbi } from "../shared/abis/pool";
import { DEFAULT_ALERT_THRESHOLD } from "../shared/schemas/settings";
import { formatHealthFactorAgainst } from "../shared/words/healthFactorText";
import { borrowerPortfolio } from "./fixtures/portfolio";
import { fileBytes, htmlEntryBytes } from "./harness/bundleSizes";
import { startHangingServer } from "./harness/hangingServer";
import { recordedNotifications, recordNotifications } from "./harness/notifications";
import { E2E_PORTS } from "./harness/ports";
import { textInClosedShadowRoots } from "./harness/shadowText";
import { outDir, type Stack, startStack } from "./harness/stack";

let stack: Stack;

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
const extensionUrl = (path: string) => `chrome-extension://${stack.browser.vigilId}/${path}`;

async function openPopup(): Promise<Page> {
  const page = await stack.browser.context.newPage();
  await page.setViewportSize({ width: 380, height: 600 });
  await page.goto(extensionUrl("popup.html"));
  return page;
}

interface ExtensionStorage {
  get(key: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

type ChromeGlobal = { chrome: { storage: { local: ExtensionStorage; session: ExtensionStorage } } };

// chrome.storage.local from an extension page of ours: the test's way to seed caches and settings.
// (Each callback is serialised into the page, so the cast is repeated inside it.)
const storageGet = (page: Page, key: string) =>
  page.evaluate((k) => (globalThis as unknown as ChromeGlobal).chrome.storage.local.get(k), key);
const storageSet = (page: Page, items: Record<string, unknown>) =>
  page.evaluate((i) => (globalThis as unknown as ChromeGlobal).chrome.storage.local.set(i), items);
const storageRemove = (page: Page, keys: string[]) =>
  page.evaluate((k) => (globalThis as unknown as ChromeGlobal).chrome.storage.local.remove(k), keys);

/**
 * Points the extension at another API URL. The extension drops a session when the API changes (a token never
 * travels to another API), so for these fault-injection runs the stored session is re-bound to the new URL.
 */
async function setApiUrl(page: Page, apiUrl: string) {
  const { "vigil:settings": settings } = await storageGet(page, "vigil:settings");
  // The session lives in storage.session (out of content scripts' reach).
  const { "vigil:session": session } = await page.evaluate(() =>
    (globalThis as unknown as ChromeGlobal).chrome.storage.session.get("vigil:session"),
  );
  if (session)
    await page.evaluate(
      (s) => (globalThis as unknown as ChromeGlobal).chrome.storage.session.set({ "vigil:session": s }),
      { ...(session as object), apiUrl },
    );
  await storageSet(page, { "vigil:settings": { ...(settings as object), apiUrl } });
}

beforeAll(async () => {
  stack = await startStack({ account: "borrower" });
  await recordNotifications(stack.browser.context);
  const metrics = {
    buildMs: Math.round(stack.buildMs),
    contentScriptBytes: fileBytes(stack.extensionDir, "content-scripts/overlay.js"),
    mainWorldScriptBytes: fileBytes(stack.extensionDir, "wallet-bridge.js"),
    popupBytes: htmlEntryBytes(stack.extensionDir, "popup.html"),
    backgroundBytes: fileBytes(stack.extensionDir, "background.js"),
  };
  writeFileSync(join(outDir, "metrics.json"), `${JSON.stringify(metrics, null, 2)}\n`);
  console.log("[e2e] extension metrics", metrics);
});

afterAll(async () => {
  await stack?.stop();
});

/** The signer's health factor as the Pool computes it (getUserAccountData), two decimals. */
/** The chain's health factor as the popup and the badge say it beside the user's alert line. */
async function chainHealthFactor(alertThreshold: number): Promise<string> {
  const chain = createPublicClient({ chain: foundry, transport: http(stack.devnet.rpcUrl) });
  const account = await chain.readContract({
    address: stack.devnet.pool,
    abi: poolAbi,
    functionName: "getUserAccountData",
    args: [stack.signer.address],
  });
  return formatHealthFactorAgainst(Number(formatUnits(account[5], 18)), alertThreshold);
}

describe("Vigil extension in Chromium", () => {
  it("loads, and the popup renders the signed-out state", async () => {
    const popup = await openPopup();
    await expect.poll(() => popup.getAttribute('[data-testid="popup"]', "data-state")).toBe("signedOut");
    expect(await popup.textContent('[data-testid="sign-in"]')).toBe("Sign in with Ethereum");
    await shot(popup, "popup-signed-out");
    await popup.close();
  });

  it("says so when the configured wallet extension is not installed", async () => {
    // The default wallet id is MetaMask's, which this browser does not have: the port disconnects at once.
    const connect = await stack.browser.context.newPage();
    await connect.goto(extensionUrl("connect.html"));
    await connect.click('[data-testid="connect-sign-in"]');
    await connect.waitForSelector('[data-testid="connect-error"]');
    expect(await connect.textContent('[data-testid="connect-error"]')).toBe(
      "No wallet extension answers at id nkbihfbeogaeaoehlefnkodbefgpgknn. Is MetaMask installed?",
    );
    expect(stack.signer.calls).toEqual([]);
    await shot(connect, "connect-no-wallet");
    await connect.close();
  });

  it("saves the wallet choice in the options page", async () => {
    const options = await stack.browser.context.newPage();
    await options.goto(extensionUrl("options.html"));
    // Not signed in yet: the settings page says nothing is being watched, not just a form that looks the same.
    await expect
      .poll(() => options.getAttribute('[data-testid="options-account"]', "data-state"))
      .toBe("signedOut");
    expect(await options.textContent('[data-testid="options-account"]')).toMatch(
      /^Not signed in: Vigil is watching nothing for this browser\./,
    );
    await options.fill('input[name="extensionId"]', "not-an-id");
    await options.click('[data-testid="save"]');
    expect(await options.textContent(".field-error")).toContain("32 letters a-p");
    await options.fill('input[name="extensionId"]', stack.browser.walletId);
    await options.click('[data-testid="save"]');
    await expect.poll(() => options.textContent('[data-testid="options-status"]')).toBe("Saved.");
    await shot(options, "options");
    await options.close();
  });

  it("signs in through the MetaMask-protocol wallet against the real worker", async () => {
    const popup = await openPopup();
    const connectPage = stack.browser.context.waitForEvent("page", (page) =>
      page.url().includes("/connect.html"),
    );
    await popup.click('[data-testid="sign-in"]');
    const connect = await connectPage;
    await connect.waitForSelector('[data-testid="connect-sign-in"]');
    await connect.click('[data-testid="connect-sign-in"]');
    await connect.waitForSelector('[data-testid="connect-done"], [data-testid="connect-error"]', {
      timeout: 30_000,
    });
    await shot(connect, "connect-done");
    expect(await connect.locator('[data-testid="connect-error"]').count()).toBe(0);

    // The wallet was asked for the account, then to sign an EIP-4361 message naming Vigil's extension origin.
    const methods = stack.signer.calls.map((call) => call.method);
    expect(methods).toContain("eth_requestAccounts");
    const signCall = stack.signer.calls.find((call) => call.method === "personal_sign");
    const message = hexToString(signCall?.params[0] as `0x${string}`);
    // The API names the origin it saw (the extension's) or, without an Origin header, its own.
    const origins = [`chrome-extension://${stack.browser.vigilId}`, stack.apiUrl];
    expect(origins.map((origin) => message.startsWith(`${origin} wants you to sign in`))).toContain(true);
    expect(message).toContain(stack.signer.address);
    expect(message).toContain("Chain ID: 31337");

    const signedIn = await openPopup();
    await expect.poll(() => signedIn.getAttribute('[data-testid="popup"]', "data-state")).toBe("signedIn");
    const shortAddress = `${stack.signer.address.slice(0, 6)}…${stack.signer.address.slice(-4)}`;
    expect(await signedIn.textContent('[data-testid="signed-in-address"]')).toBe(shortAddress);
    await signedIn.waitForSelector(
      '[data-testid="account"], [data-testid="portfolio"], [data-testid="empty"]',
      {
        timeout: 30_000,
      },
    );
    // The background holds the live socket (ticket from POST /ws/ticket, then GET /ws).
    await expect
      .poll(() => signedIn.getAttribute('[data-testid="live"]', "data-live"), { timeout: 20_000 })
      .toBe("live");
    await shot(signedIn, "popup-signed-in");

    // The API serves the borrower's portfolio; the health factor shown is the chain's (Pool.getUserAccountData).
    await signedIn.waitForSelector('[data-testid="portfolio"]', { timeout: 30_000 });
    const onChain = await chainHealthFactor(DEFAULT_ALERT_THRESHOLD);
    expect(await signedIn.textContent('[data-testid="portfolio"] [data-testid="health-factor"]')).toContain(
      onChain,
    );
    await Promise.all([popup.close().catch(() => undefined), connect.close(), signedIn.close()]);
  });

  it("turns the API's risk alert for the seeded borrower (HF 1.30 < 1.3) into a browser notification", async () => {
    const page = await stack.browser.context.newPage();
    await page.goto(extensionUrl("options.html"));
    const notificationIds = () =>
      page.evaluate(async () => {
        const { chrome } = globalThis as unknown as {
          chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } };
        };
        return Object.keys(await chrome.notifications.getAll());
      });
    await expect.poll(notificationIds, { timeout: 60_000, interval: 1000 }).not.toEqual([]);
    // The alert names the account, its health factor (the chain's, just under 1.30) and the threshold it crossed.
    const short = `${stack.signer.address.slice(0, 6)}…${stack.signer.address.slice(-4)}`;
    const alerts = (await recordedNotifications(stack.browser.context)).filter((n) =>
      n.title.includes("below your"),
    );
    expect(alerts).toHaveLength(1);
    // Just under 1.30 (1.2999…): said with the decimals that keep it under the line, never "1.30, below 1.30".
    expect(alerts[0]?.title).toMatch(
      new RegExp(`^${short}: Health factor 1\\.29\\d*, below your 1\\.30 alert$`),
    );
    expect(alerts[0]?.message).toMatch(
      /^Your health factor 1\.29\d* is below your alert threshold 1\.30.*Repay debt or add collateral\. \(\d{2}:\d{2}\)$/,
    );
    const { "vigil:lastSeq": lastSeq } = await storageGet(page, "vigil:lastSeq");
    expect(lastSeq).toBeGreaterThan(0);
    await page.close();
  });

  it("keeps the alert threshold on the account: validated by the shared schema, saved through the API", async () => {
    const options = await stack.browser.context.newPage();
    await options.goto(extensionUrl("options.html"));
    // Signed in now: the page names the account the threshold is saved to.
    await expect
      .poll(() => options.getAttribute('[data-testid="options-account"]', "data-state"))
      .toBe("signedIn");
    const address = devnetAccounts.borrower.address;
    expect(await options.textContent('[data-testid="options-account"]')).toContain(
      `Signed in as ${address.slice(0, 6)}…${address.slice(-4)}`,
    );
    await options.fill('input[name="alertHealthFactor"]', "0.9");
    await options.click('[data-testid="save"]');
    expect(await options.textContent(".field-error")).toContain("at least 1.01");
    await options.fill('input[name="alertHealthFactor"]', "1.5");
    await options.click('[data-testid="save"]');
    await expect.poll(() => options.textContent('[data-testid="options-status"]')).toBe("Saved.");
    const puts = () =>
      readFileSync(join(outDir, "wrangler.log"), "utf8").match(/PUT \/me\/settings 200/g)?.length ?? 0;
    await expect.poll(puts).toBe(1);
    await options.close();
  });

  it("designs the loading, error, data (stale cache) and empty states of the popup", async () => {
    const hanging = await startHangingServer(E2E_PORTS.hanging);
    const admin = await stack.browser.context.newPage();
    await admin.goto(extensionUrl("options.html"));
    try {
      const { "vigil:dashboard": dashboard } = await storageGet(admin, "vigil:dashboard");
      const me = (dashboard as { me?: unknown } | undefined)?.me;
      expect(me).toBeDefined();
      await storageRemove(admin, ["vigil:dashboard", "vigil:dashboardError"]);

      // An API that never answers: the first paint has nothing cached, so the popup shows its loading state.
      await setApiUrl(admin, hanging.url);
      const loading = await openPopup();
      await loading.waitForSelector('[data-testid="loading"]');
      await shot(loading, "popup-loading");
      await loading.close();

      // An API nobody listens on: nothing cached, so the error state with a retry.
      await setApiUrl(admin, `http://127.0.0.1:${E2E_PORTS.closed}`);
      const failing = await openPopup();
      await failing.waitForSelector('[data-testid="error"]', { timeout: 15_000 });
      expect(await failing.textContent('[data-testid="error"]')).toContain("Could not reach Vigil’s server");
      await shot(failing, "popup-error");
      await failing.close();

      // A cached portfolio (stale while revalidating): painted at once, with a note that the refresh failed.
      const cached = (portfolio: unknown) => ({
        "vigil:dashboard": { me, portfolio, fetchedAt: Date.now() - 5 * 60_000, error: null },
      });
      await storageSet(admin, cached(borrowerPortfolio(stack.signer.address)));
      const data = await openPopup();
      await data.waitForSelector('[data-testid="portfolio"]');
      expect(
        await data.getAttribute('[data-testid="portfolio"] [data-testid="health-factor"]', "data-band"),
      ).toBe("warning");
      expect(await data.textContent('[data-testid="portfolio"] [data-testid="health-factor"]')).toContain(
        "1.42",
      );
      await data.waitForSelector(".notice.error");
      await shot(data, "popup-data");
      await data.close();

      await storageSet(admin, cached(borrowerPortfolio(stack.signer.address, { empty: true })));
      const empty = await openPopup();
      await empty.waitForSelector('[data-testid="empty"]');
      await shot(empty, "popup-empty");
      await empty.close();

      // Back to the seeded borrower for the overlay test below.
      await storageSet(admin, cached(borrowerPortfolio(stack.signer.address)));
    } finally {
      await setApiUrl(admin, stack.apiUrl);
      await admin.close();
      await hanging.stop();
    }
  });

  it("shows the in-page badge on the demo page and leaves the page clickable", async () => {
    const page = await stack.browser.context.newPage();
    await page.goto(stack.demoUrl);
    const host = page.locator('[data-testid="vigil-overlay-host"]');
    await host.waitFor({ state: "attached", timeout: 15_000 });
    expect(await host.evaluate((element) => getComputedStyle(element).pointerEvents)).toBe("none");
    expect(await host.evaluate((element) => element.shadowRoot)).toBeNull(); // closed: the page cannot reach in

    const cdp = await stack.browser.context.newCDPSession(page);
    await expect
      .poll(async () => (await textInClosedShadowRoots(cdp)).join(" | "), { timeout: 15_000 })
      // The signed-in borrower as the chain has it: the live dashboard replaces the cached fixture set above.
      // (the alert is at 1.5 since the options test above)
      .toContain(`Vigil · HF ${await chainHealthFactor(1.5)}`);

    // The page's own button spans the bottom edge under the badge: clicks beside the badge still reach it.
    const box = await host.boundingBox();
    expect(box).not.toBeNull();
    if (!box) return;
    await page.mouse.click(box.x - 20, box.y + box.height / 2);
    await page.mouse.click(40, box.y + box.height / 2);
    expect(await page.textContent("#clicks")).toBe("2");
    // A click on the badge itself is the badge's: the page does not see it.
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    expect(await page.textContent("#clicks")).toBe("2");
    await shot(page, "demo-page-badge-expanded");
    await page.close();
  });

  it("discovers the page's EIP-6963 wallets through the main-world bridge and ignores forged messages", async () => {
    const page = await stack.browser.context.newPage();
    await page.addInitScript(() => {
      const info = {
        uuid: "8f6b2c1e-0d7a-4c3e-9a55-1b2c3d4e5f60",
        name: "E2E Wallet",
        icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E",
        rdns: "dev.vigil.e2e-wallet",
      };
      // An EIP-6963 wallet as any injected wallet behaves: announce now and whenever asked.
      const announce = () =>
        window.dispatchEvent(
          new CustomEvent("eip6963:announceProvider", {
            detail: Object.freeze({ info, provider: { request: async () => null } }),
          }),
        );
      window.addEventListener("eip6963:requestProvider", announce);
      announce();
    });
    await page.goto(stack.demoUrl);

    const options = await stack.browser.context.newPage();
    await options.goto(extensionUrl("options.html"));
    await expect
      .poll(async () => {
        const { "vigil:discoveredWallets": wallets } = await storageGet(options, "vigil:discoveredWallets");
        return ((wallets as Array<{ rdns: string }> | undefined) ?? []).map((wallet) => wallet.rdns);
      })
      .toEqual(["dev.vigil.e2e-wallet"]);

    // A hostile page script imitates Vigil's bridge on a guessed channel, then a second wallet announces
    // itself. Messages are handled in order, so once the second wallet is stored the forgery was seen too.
    await page.evaluate(() => {
      const forged = {
        uuid: "00000000-0000-4000-8000-000000000000",
        name: "Forged",
        icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E",
        rdns: "evil.forged",
      };
      window.postMessage(
        {
          tag: "vigil/page-bridge",
          channel: "0".repeat(32),
          direction: "toContent",
          payload: { kind: "eip6963/providers", providers: [forged] },
        },
        "*",
      );
      const second = {
        ...forged,
        uuid: "11111111-1111-4111-8111-111111111111",
        name: "Second",
        rdns: "dev.vigil.second",
      };
      window.dispatchEvent(
        new CustomEvent("eip6963:announceProvider", {
          detail: Object.freeze({ info: second, provider: {} }),
        }),
      );
    });
    await expect
      .poll(async () => {
        const { "vigil:discoveredWallets": wallets } = await storageGet(options, "vigil:discoveredWallets");
        return ((wallets as Array<{ rdns: string }> | undefined) ?? []).map((wallet) => wallet.rdns).sort();
      })
      .toEqual(["dev.vigil.e2e-wallet", "dev.vigil.second"]);
    await options.reload();
    await options.check('input[name="walletKind"] >> nth=1');
    expect(await options.textContent("select")).toContain(
      "E2E Wallet (dev.vigil.e2e-wallet, seen on 127.0.0.1:",
    );
    await shot(options, "options-eip6963");
    await Promise.all([page.close(), options.close()]);
  });

  it("signs out from the popup: the session and cached data are gone", async () => {
    const popup = await openPopup();
    await popup.waitForSelector('[data-testid="popup"][data-state="signedIn"]');
    await popup.click("text=Sign out");
    await expect.poll(() => popup.getAttribute('[data-testid="popup"]', "data-state")).toBe("signedOut");
    const stored = await popup.evaluate(() =>
      (globalThis as unknown as ChromeGlobal).chrome.storage.session.get("vigil:session"),
    );
    expect(stored["vigil:session"]).toBeUndefined();
    expect((await storageGet(popup, "vigil:dashboard"))["vigil:dashboard"]).toBeUndefined();
    await popup.close();
  });
});
