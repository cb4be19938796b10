import {
  RELAYED_WALLET_METHODS,
  type RelayedWalletMethod,
  WALLET_NOT_ON_PAGE,
  type WalletRelayTabMessage,
  walletRelayTabAnswerSchema,
} from "../messages/walletRelay";
import type { DiscoveredWallet } from "../storage/discoveredWallets";
import { type Eip1193Provider, WalletError, withTimeout } from "./eip1193";

export interface PageWalletHost {
  /** What Vigil knows about the wallet `rdns` (where it was seen), or null if it never saw it. */
  wallet(rdns: string): Promise<DiscoveredWallet | null>;
  /** tabs.sendMessage to the tab's top frame; rejects when the tab is gone or has no Vigil content script. */
  sendToTab(tabId: number, message: WalletRelayTabMessage): Promise<unknown>;
  /** Opens `url` in a background tab and returns its id. */
  openTab(url: string): Promise<number>;
  sleep(ms: number): Promise<void>;
}

/** A probe answers at once when the tab has the wallet; a busy page gets a little longer. */
const PROBE_MS = 2_000;
/** An opened tab needs to load, run the content script and hear the wallet announce itself. */
const OPEN_TAB_MS = 20_000;
const RETRY_MS = 500;
/** Methods that wait for the user in the wallet get minutes; reads get seconds. */
const USER_METHODS = new Set<RelayedWalletMethod>([
  "eth_requestAccounts",
  "personal_sign",
  "eth_sendTransaction",
  "wallet_switchEthereumChain",
  "wallet_addEthereumChain",
]);
const USER_MS = 5 * 60_000;
const READ_MS = 30_000;

const isRelayed = (method: string): method is RelayedWalletMethod =>
  (RELAYED_WALLET_METHODS as readonly string[]).includes(method);

/** The wallet's error as EIP-1193 shapes it, so `isUserRejection` and friends work unchanged. */
const providerError = (code: number, message: string) => Object.assign(new Error(message), { code });

/** Where requests may go: the wallet, and the one site (origin) whose tabs may carry them. */
interface Route {
  wallet: DiscoveredWallet;
  site: string;
}

async function ask(
  host: PageWalletHost,
  tabId: number,
  route: Route,
  method: RelayedWalletMethod,
  params: unknown[],
  ms: number,
): Promise<unknown> {
  const answer = await withTimeout(
    host.sendToTab(tabId, {
      type: "walletRelay/request",
      request: { rdns: route.wallet.rdns, method, params },
    }),
    ms,
    () => new WalletError("not_answering", "The wallet did not answer in time. Unlock it and try again."),
  );
  const parsed = walletRelayTabAnswerSchema().safeParse(answer);
  if (!parsed.success)
    throw new WalletError("bad_answer", "The page relaying to the wallet answered nonsense.");
  // The tab navigated to another site since it announced the wallet: not a tab the user picked.
  if (parsed.data.origin !== route.site)
    throw providerError(WALLET_NOT_ON_PAGE, `That tab is no longer on ${new URL(route.site).host}.`);
  const { outcome } = parsed.data;
  if (!outcome.ok) throw providerError(outcome.error.code, outcome.error.message);
  return outcome.result;
}

/** True when the tab's content script is there, on the picked site, and its page has the wallet. */
async function answers(host: PageWalletHost, tabId: number, route: Route): Promise<boolean> {
  return ask(host, tabId, route, "eth_chainId", [], PROBE_MS).then(
    () => true,
    () => false,
  );
}

async function findTab(host: PageWalletHost, route: Route): Promise<number> {
  const { wallet, site } = route;
  for (const tabId of wallet.tabIds) if (await answers(host, tabId, route)) return tabId;
  const page = new URL(wallet.seenOn).origin === site ? wallet.seenOn : `${site}/`;
  const opened = await host.openTab(page);
  const deadline = Date.now() + OPEN_TAB_MS;
  while (Date.now() < deadline) {
    if (await answers(host, opened, route)) return opened;
    await host.sleep(RETRY_MS);
  }
  throw new WalletError(
    "not_answering",
    `${wallet.name} did not answer on ${new URL(site).host}. Unlock it, open that site and try again.`,
  );
}

/**
 * A wallet that lives in web pages (EIP-6963) as an EIP-1193 provider for Vigil's own pages. Extension pages
 * cannot see such wallets, so every request travels to a tab where the wallet announced itself (an open one,
 * or the page it was last seen on, opened in the background) and is answered by the wallet there. The wallet
 * shows these requests as coming from that site. Only tabs of `site`, the origin the user picked the wallet on,
 * carry requests (default: where it was seen); what comes back is page data, checked by the callers.
 */
export async function connectPageWallet(
  rdns: string,
  host: PageWalletHost,
  site?: string,
): Promise<Eip1193Provider> {
  const wallet = await host.wallet(rdns);
  if (!wallet) {
    throw new WalletError(
      "not_installed",
      "Vigil has not seen that wallet on a supported site yet: open app.aave.com or app.eigenlayer.xyz once.",
    );
  }
  const route: Route = { wallet, site: site ?? new URL(wallet.seenOn).origin };
  let tabId = await findTab(host, route);
  return {
    async request({ method, params }) {
      if (!isRelayed(method))
        throw new WalletError("bad_answer", `Vigil does not ask page wallets for ${method}.`);
      const list = Array.isArray(params) ? params : [];
      const ms = USER_METHODS.has(method) ? USER_MS : READ_MS;
      try {
        return await ask(host, tabId, route, method, list, ms);
      } catch (error) {
        if (!tabGone(error)) throw error;
        // A signature request may have reached the wallet before the tab went away: never send it twice.
        if (USER_METHODS.has(method)) throw lostTab(wallet, error);
        // A read between two steps (a receipt poll): find or reopen a tab and ask once more.
        tabId = await findTab(host, route);
        return ask(host, tabId, route, method, list, ms);
      }
    },
  };
}

/** The tab closed, navigated away, or lost its wallet: not an answer from the wallet itself. */
function tabGone(error: unknown): boolean {
  if (error instanceof WalletError) return false;
  if (error instanceof Error && "code" in error) return error.code === WALLET_NOT_ON_PAGE;
  return true;
}

function lostTab(wallet: DiscoveredWallet, cause: unknown): WalletError {
  return new WalletError(
    "not_answering",
    `The ${new URL(wallet.seenOn).host} tab that reaches ${wallet.name} was closed or reloaded. Keep it open while signing.`,
    { cause },
  );
}
