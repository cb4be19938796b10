import { z } from "zod";
import { type Eip6963ProviderInfo, eip6963ProviderInfoSchema } from "../messages";
import { storedItem } from "./storedItem";

const MAX_WALLETS = 20;
/** Tabs remembered per wallet: enough to find one still open, few enough to probe quickly. */
const MAX_TABS = 5;

export const discoveredWalletSchema = z.object({
  ...eip6963ProviderInfoSchema().shape,
  /** The page (origin + path, no query) where the wallet was last announced: reopened to reach it. */
  seenOn: z.string().url(),
  seenAt: z.number().int(),
  /** Tabs that announced it, newest first. Ids die with the browser session; a dead one just fails its probe. */
  tabIds: z.array(z.number().int().nonnegative()).max(MAX_TABS).default([]),
});
export type DiscoveredWallet = z.infer<typeof discoveredWalletSchema>;

/** Wallets seen through EIP-6963 on supported sites, for the options page and page-wallet signing. Latest first. */
export const discoveredWalletsItem = storedItem(
  "vigil:discoveredWallets",
  z.array(discoveredWalletSchema).max(MAX_WALLETS),
  [],
);

/** The list after a page announced `providers`: those move to the front with this page and tab. */
export function recordDiscoveredWallets(
  previous: readonly DiscoveredWallet[],
  providers: readonly Eip6963ProviderInfo[],
  seen: { pageUrl: string; tabId: number | undefined; at: number },
): DiscoveredWallet[] {
  const url = new URL(seen.pageUrl);
  const seenOn = `${url.origin}${url.pathname}`;
  const fresh = providers.map((info): DiscoveredWallet => {
    const before = previous.find((old) => old.rdns === info.rdns)?.tabIds ?? [];
    const tabIds =
      seen.tabId === undefined ? before : [seen.tabId, ...before.filter((id) => id !== seen.tabId)];
    return { ...info, seenOn, seenAt: seen.at, tabIds: tabIds.slice(0, MAX_TABS) };
  });
  const others = previous.filter((old) => !fresh.some((wallet) => wallet.rdns === old.rdns));
  return [...fresh, ...others].slice(0, MAX_WALLETS);
}
