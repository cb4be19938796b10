import { expect } from "vitest";
import type { Stack } from "./stack";

type SessionGlobal = {
  chrome: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } };
};

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
  await connect.waitForSelector('[data-testid="connect-done"]', { timeout: 30_000 });
  const stored = await options.evaluate(() =>
    (globalThis as unknown as SessionGlobal).chrome.storage.session.get("vigil:session"),
  );
  const token = (stored["vigil:session"] as { token: string }).token;
  expect(token.split(".")).toHaveLength(3);
  await Promise.all([options.close(), connect.close()]);
  return token;
}
