/// <reference lib="dom" />
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WatchStatus, watchStatusSchema } from "../shared/schemas/watchStatus";
import { serviceWorkerEndingWith } from "./harness/browser";
import { shownNotifications } from "./harness/notifications";
import { WATCH_E2E_PORTS } from "./harness/ports";
import { textInClosedShadowRoots } from "./harness/shadowText";
import { signInThroughWallet } from "./harness/signIn";
import { outDir, type Stack, startStack } from "./harness/stack";

// The watch's own health in the popup, in Chromium at the popup's 360 px, against the real worker and devnet:
// a session ended on the server (banner naming the account, and a notification), the API's RPC failing and
// coming back under a popup that stays open (it says so, and "Live" again once back), then the API stopped (the
// footer never says "Live"; the last watch status the API gave — a chain unavailable, checks gone late — is
// shown with its age). That last status is written into the cache the background keeps, built with the shared
// schema, so the popup is held to the contract whatever the worker reports today. Last, the session vanishing
// as on a browser restart (storage.session cleared) is told on the next start.

let stack: Stack;

type ChromeGlobal = {
  chrome: {
    storage: {
      local: {
        get(key: string): Promise<Record<string, unknown>>;
        set(items: Record<string, unknown>): Promise<void>;
      };
      session: { get(key: string): Promise<Record<string, unknown>> };
    };
  };
};

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
const extensionUrl = (path: string) => `chrome-extension://${stack.browser.vigilId}/${path}`;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

async function openPopup(): Promise<Page> {
  const page = await stack.browser.context.newPage();
  await page.setViewportSize({ width: 360, height: 600 });
  await page.goto(extensionUrl("popup.html"));
  return page;
}

/** What the background's session holds (read in its own service worker: storage.session is for Vigil only). */
async function storedSession(): Promise<{ token: string; address: string }> {
  const worker = await serviceWorkerEndingWith(stack.browser.context, "background.js");
  const stored = await worker.evaluate(async () =>
    (globalThis as unknown as ChromeGlobal).chrome.storage.session.get("vigil:session"),
  );
  return stored["vigil:session"] as { token: string; address: string };
}

async function localItem(key: string): Promise<unknown> {
  const worker = await serviceWorkerEndingWith(stack.browser.context, "background.js");
  const stored = await worker.evaluate(
    async (k) => (globalThis as unknown as ChromeGlobal).chrome.storage.local.get(k),
    key,
  );
  return stored[key];
}

beforeAll(async () => {
  stack = await startStack({
    account: "borrower",
    ports: WATCH_E2E_PORTS,
    runName: "watch-status",
    rpcFaults: true,
  });
  await signInThroughWallet(stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe("the watch's health in the popup", () => {
  it("says so when the session ends on the server: a banner naming the account, and a notification", async () => {
    const { token, address } = await storedSession();
    // The session ends elsewhere (signed out from another place, or revoked): the server closes the socket (4001).
    const response = await fetch(`${stack.apiUrl}/auth/logout`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(204);
    const popup = await openPopup();
    const stopped = popup.locator('[data-testid="watch-stopped"]');
    await stopped.waitFor({ timeout: 30_000 });
    const short = `${address.slice(0, 6)}…${address.slice(-4)}`;
    expect(await stopped.textContent()).toMatch(
      new RegExp(`^Vigil stopped watching ${short} (just now|1 min ago): sign in again\\.$`),
    );
    expect(await localItem("vigil:watchStopped")).toMatchObject({ address });
    const shown = await shownNotifications(stack.browser.context);
    expect(shown.filter((id) => id.startsWith("vigil:watch:"))).toEqual([`vigil:watch:stopped:${address}`]);
    await shot(popup, "popup-watch-stopped");
    await popup.close();
  });

  it("forgets the stopped watch once the user signs in again", async () => {
    await signInThroughWallet(stack);
    const popup = await openPopup();
    await popup.waitForSelector('[data-testid="portfolio"]', { timeout: 30_000 });
    expect(await localItem("vigil:watchStopped")).toBeUndefined();
    expect(await popup.locator('[data-testid="watch-banner"]').count()).toBe(0);
    await expect
      .poll(() => popup.getAttribute('[data-testid="live"]', "data-live"), { timeout: 20_000 })
      .toBe("live");
    await popup.close();
  });

  it("with the chain's RPC failing while the popup stays open: it says so without a reopen, and Live once back", async () => {
    const faults = stack.rpcFaults;
    if (!faults) throw new Error("this file's stack runs the API's RPC through a fault proxy");
    const popup = await openPopup();
    await popup.waitForSelector('[data-testid="portfolio"]', { timeout: 30_000 });
    await expect
      .poll(() => popup.getAttribute('[data-testid="live"]', "data-live"), { timeout: 20_000 })
      .toBe("live");
    expect(await popup.locator('[data-testid="unavailable-chains"]').count()).toBe(0);

    // The API's node stops answering. Its figures do not change, so nothing is pushed: the open popup must still
    // learn that the chain is not being read, and stop saying "Live".
    faults.setRules([{ method: "*", fault: { kind: "drop", mode: "reset" } }]);
    const downAt = Date.now();
    const unavailable = popup.locator('[data-testid="chain-unavailable-31337"]');
    try {
      await unavailable.waitFor({ timeout: 150_000 });
      expect(await unavailable.textContent()).toMatch(/^Local devnet unavailable since \d\d:\d\d/);
      await expect
        .poll(() => popup.getAttribute('[data-testid="live"]', "data-live"), { timeout: 60_000 })
        .toBe("chainsDown");
      // Said once, per chain, with its data's age: no second red "Couldn't refresh" banner saying it again.
      expect(await popup.locator('[role="status"].notice.error').count()).toBe(0);
      expect(await unavailable.textContent()).not.toMatch(/\.\)\./);
      await shot(popup, "popup-watch-rpc-down-open");
      console.log(
        `[watch] the open popup showed the chain unavailable ${Date.now() - downAt} ms after the RPC failed`,
      );
    } finally {
      faults.clear();
    }
    const backAt = Date.now();
    await expect
      .poll(() => popup.getAttribute('[data-testid="live"]', "data-live"), { timeout: 150_000 })
      .toBe("live");
    await expect.poll(() => unavailable.count(), { timeout: 60_000 }).toBe(0);
    console.log(`[watch] and Live again ${Date.now() - backAt} ms after it was back`);
    await popup.close();
  }, 400_000);

  it("with the API down: never Live, and the last watch status shown with its age", async () => {
    const { address } = await storedSession();
    await stack.stopWorker();
    // The last status the API gave: the devnet's RPC failing for 12 min, checks 5 min late.
    const watch: WatchStatus = watchStatusSchema.parse({
      lastCheckAt: minutesAgo(5),
      nextCheckAt: inSeconds(30),
      intervalSeconds: 60,
      chains: [
        {
          chainId: 31337,
          status: "unavailable",
          since: minutesAgo(12),
          retryAt: inSeconds(90),
          dataAsOf: minutesAgo(13),
          reason: "the chain's RPC did not answer",
        },
      ],
    });
    const worker = await serviceWorkerEndingWith(stack.browser.context, "background.js");
    await worker.evaluate(async (watch) => {
      const { local } = (globalThis as unknown as ChromeGlobal).chrome.storage;
      // The last refresh's two answers agree, as the API's do: /me's watch and the portfolio's chain list.
      const cached = (await local.get("vigil:dashboard"))["vigil:dashboard"] as {
        me: object;
        portfolio: object;
      };
      await local.set({
        "vigil:dashboard": {
          ...cached,
          me: { ...cached.me, watch },
          portfolio: { ...cached.portfolio, chains: watch.chains },
        },
      });
    }, watch);

    const popup = await openPopup();
    await popup.waitForSelector('[data-testid="portfolio"]', { timeout: 30_000 });
    await expect
      .poll(() => popup.getAttribute('[data-testid="live"]', "data-live"), { timeout: 30_000 })
      .toBe("apiDown");
    expect(await popup.textContent('[data-testid="live"]')).toBe("API not answering");
    expect(await popup.textContent('[data-testid="chain-unavailable-31337"]')).toMatch(
      /^Local devnet unavailable since \d\d:\d\d \(the chain's RPC did not answer\)\. Showing its last good data, from 13 min ago\. Next try in (1|2) min\.$/,
    );
    expect(await popup.getAttribute('[data-testid="heartbeat"]', "data-level")).toBe("amber");
    expect(await popup.textContent('[data-testid="heartbeat"]')).toBe("· checked 5 min ago");
    expect(await popup.getAttribute('[data-testid="watch-banner"]', "data-watch")).toBe("stale");
    expect(await popup.textContent('[role="status"].notice.error')).toMatch(
      /^Couldn’t refresh: Could not reach/,
    );
    // Told once that the watch went stale (and nothing about a stopped watch: the session is still there).
    await expect
      .poll(async () =>
        (await shownNotifications(stack.browser.context)).filter((id) => id.startsWith("vigil:watch:")),
      )
      .toEqual([`vigil:watch:stale:${address}`]);
    await shot(popup, "popup-watch-api-down");
    await popup.close();
    // The in-page badge does not pass the old figure off as current either.
    const demo = await stack.browser.context.newPage();
    await demo.goto(stack.demoUrl);
    const cdp = await stack.browser.context.newCDPSession(demo);
    await expect
      .poll(async () => (await textInClosedShadowRoots(cdp)).join(" | "), { timeout: 30_000 })
      .toMatch(/Vigil · HF \d\.\d{2,4} · not updating/);
    await demo.close();
  });

  it("tells on the next start when the session is lost (storage.session and its durable copy cleared)", async () => {
    const { address } = await storedSession();
    const worker = await serviceWorkerEndingWith(stack.browser.context, "background.js");
    // A restart alone keeps the session (its durable copy in the extension's IndexedDB, see popup.e2e); losing both
    // copies (a profile cleanup, a failed disk) is what stops the watch. Then the watchdog ticks as on a fresh start.
    await worker.evaluate(async () => {
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("vigil-trusted", 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction("items", "readwrite");
          tx.objectStore("items").clear();
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      });
      const { chrome } = globalThis as unknown as {
        chrome: {
          storage: { session: { clear(): Promise<void> } };
          alarms: { onAlarm: { dispatch(alarm: { name: string; scheduledTime: number }): void } };
        };
      };
      await chrome.storage.session.clear();
      chrome.alarms.onAlarm.dispatch({ name: "vigil:watchdog", scheduledTime: Date.now() });
    });
    await expect
      .poll(async () =>
        (await shownNotifications(stack.browser.context)).filter((id) => id.startsWith("vigil:watch:")),
      )
      .toContain(`vigil:watch:stopped:${address}`);
    const popup = await openPopup();
    const stopped = popup.locator('[data-testid="watch-stopped"]');
    await stopped.waitFor({ timeout: 20_000 });
    expect(await stopped.textContent()).toContain("sign in again");
    await popup.close();
  });
});
