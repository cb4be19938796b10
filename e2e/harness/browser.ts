import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Worker } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";

export interface ExtensionBrowser {
  /** The current browser context (replaced by `restart`). */
  context: BrowserContext;
  vigilId: string;
  walletId: string;
  /**
   * Quits the browser and starts it again on the same profile, as a user's restart does: storage.session is
   * emptied, storage.local and the extension's IndexedDB are kept. `whileClosed` runs with the browser down.
   */
  restart(whileClosed?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export async function serviceWorkerEndingWith(context: BrowserContext, file: string): Promise<Worker> {
  const found = () => context.serviceWorkers().find((worker) => worker.url().endsWith(`/${file}`));
  for (let i = 0; i < 100; i++) {
    const worker = found();
    if (worker) return worker;
    await context.waitForEvent("serviceworker", { timeout: 500 }).catch(() => undefined);
  }
  throw new Error(`no service worker ${file} started`);
}

/**
 * Debian's Chromium, headless, with unpacked extensions loaded and the flags this offline machine needs (no
 * background networking, no component updates). Never downloads a browser. Used by the e2e tests and the bench.
 */
export async function launchChromium(
  extensionDirs: readonly string[],
  profile = mkdtempSync(join(tmpdir(), "vigil-chromium-profile-")),
): Promise<{ context: BrowserContext; profile: string; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  const extensions = extensionDirs.join(",");
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 760 },
    args: [
      `--disable-extensions-except=${extensions}`,
      `--load-extension=${extensions}`,
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  return {
    context,
    profile,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Chromium with Vigil and the test wallet loaded unpacked, and both service workers up. */
export async function launchWithExtensions(extensionDirs: {
  vigil: string;
  wallet: string;
}): Promise<ExtensionBrowser> {
  const dirs = [extensionDirs.vigil, extensionDirs.wallet];
  const { context, profile } = await launchChromium(dirs);
  const browser: ExtensionBrowser = {
    context,
    vigilId: "",
    walletId: "",
    async restart(whileClosed) {
      await browser.context.close();
      await whileClosed?.();
      browser.context = (await launchChromium(dirs, profile)).context;
      await serviceWorkerEndingWith(browser.context, "background.js");
    },
    async close() {
      await browser.context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  try {
    const vigil = await serviceWorkerEndingWith(context, "background.js");
    const wallet = await serviceWorkerEndingWith(context, "wallet-sw.js");
    browser.vigilId = new URL(vigil.url()).host;
    browser.walletId = new URL(wallet.url()).host;
    return browser;
  } catch (error) {
    await browser.close();
    throw error;
  }
}
