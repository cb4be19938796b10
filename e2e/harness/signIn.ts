import { join } from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { outDir, type Stack } from "./stack";

type SessionGlobal = {
  chrome: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } };
};

/**
 * Waits for the connect page to end, done or failed. A failure or a page stuck half way throws with what the page
 * shows (its phase, its error) and leaves a screenshot: "timed out" alone says nothing about which step hung. The
 * wait is long because the first file may run while every other project starts up on the same two cores.
 */
async function finished(connect: Page): Promise<void> {
  const ended = await connect
    .waitForSelector('[data-testid="connect-done"], [data-testid="connect-error"]', { timeout: 60_000 })
    .catch(() => null);
  if (ended && (await ended.getAttribute("data-testid")) === "connect-done") return;
  const card = connect.locator('[data-testid="connect"]');
  const phase = await card.getAttribute("data-phase", { timeout: 1_000 }).catch(() => null);
  const step = await card.getAttribute("data-step", { timeout: 1_000 }).catch(() => null);
  const error = ended ? await ended.textContent() : null;
  await connect
    .screenshot({ path: join(outDir, "sign-in-failed.png"), fullPage: true })
    .catch(() => undefined);
  throw new Error(
    error
      ? `sign-in through the wallet failed: ${error}`
      : `sign-in through the wallet did not end in 60 s; the connect page is at phase "${phase ?? "unknown"}"${step ? `, step "${step}"` : ""}`,
  );
}

/**
 * Signs the stack's account in as a user does: picks the MetaMask-protocol test wallet in the options page, then
 * "Sign in" on the connect page (the wallet signs the SIWE message). Returns the session token the background keeps.
 */
export async function signInThroughWallet(stack: Stack): Promise<string> {
  const extensionUrl = (path: string) => `chrome-extension://${stack.browser.vigilId}/${path}`;
  const options = await stack.browser.context.newPage();
  await options.goto(extensionUrl("options.html"));
  await options.fill('input[name="extensionId"]', stack.browser.walletId);
  await options.click('[data-testid="save"]');
  // Not expect.poll: this also runs in beforeAll hooks, where vitest allows no poll.
  await options.waitForSelector('[data-testid="options-status"]:has-text("Saved.")');
  const connect = await stack.browser.context.newPage();
  await connect.goto(extensionUrl("connect.html"));
  await connect.click('[data-testid="connect-sign-in"]');
  await finished(connect).catch(async (error: unknown) => {
    // The page's own advice on a server that took over 15 s ("Try again in a moment"), followed once, as a user
    // would: while every other test project runs on the same two cores, a cold user object can be that slow.
    // Any other failure, or a second timeout, fails the sign-in.
    if (!(error instanceof Error) || !error.message.includes("did not answer within")) throw error;
    console.warn(`sign-in: ${error.message} — trying again once`);
    await connect.click('[data-testid="connect-sign-in"]');
    await connect.waitForSelector('[data-testid="connect"]:not([data-phase="failed"])');
    await finished(connect);
  });
  const stored = await options.evaluate(() =>
    (globalThis as unknown as SessionGlobal).chrome.storage.session.get("vigil:session"),
  );
  const token = (stored["vigil:session"] as { token: string }).token;
  expect(token.split(".")).toHaveLength(3);
  await Promise.all([options.close(), connect.close()]);
  return token;
}
