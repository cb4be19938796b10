/// <reference lib="dom" />
import type { BrowserContext, Page } from "playwright-core";

export const PAGE_WALLET_INFO = {
  uuid: "5b1d7d8e-3c1a-4f7e-9d55-0a1b2c3d4e5f",
  name: "E2E Wallet",
  icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E",
  rdns: "dev.vigil.e2e-wallet",
} as const;

export interface PageWallet {
  /** Every method the pages asked this wallet for, in order, with the page that asked. */
  calls: Array<{ method: string; page: string }>;
}

/**
 * An injected browser wallet as Rabby or MetaMask's in-page provider behaves: `window.ethereum` plus an
 * EIP-6963 announcement, on every web page of `target` (a page or the whole browser context). Its requests
 * go to the test's signer (the anvil key), through a Playwright binding. Extension pages do not get it.
 */
export async function installPageWallet(
  target: BrowserContext | Page,
  signerUrl: string,
): Promise<PageWallet> {
  const calls: PageWallet["calls"] = [];
  await target.exposeBinding("__e2eWalletRpc", async (source, method: string, params: unknown[]) => {
    calls.push({ method, page: source.page?.url() ?? "" });
    const response = await fetch(`${signerUrl}/rpc`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ method, params }),
    });
    const body = (await response.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(body.error.message);
    return body.result;
  });
  await target.addInitScript((info) => {
    if (!location.protocol.startsWith("http")) return;
    const rpc = (window as unknown as { __e2eWalletRpc(m: string, p: unknown[]): Promise<unknown> })
      .__e2eWalletRpc;
    const provider = {
      request: ({ method, params }: { method: string; params?: unknown[] }) => rpc(method, params ?? []),
    };
    (window as unknown as { ethereum: unknown }).ethereum = provider;
    const announce = () =>
      window.dispatchEvent(
        new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }),
      );
    window.addEventListener("eip6963:requestProvider", announce);
    announce();
  }, PAGE_WALLET_INFO);
  return { calls };
}
