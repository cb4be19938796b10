import { z } from "zod";
import { type Eip6963ProviderInfo, eip6963ProviderInfoSchema } from "../messages";
import { storedItem } from "./storedItem";

const MAX_WALLETS = 20;
/** Wallets taken from one page's announcement: real pages carry a handful; a page cannot flood the list. */
export const MAX_WALLETS_PER_PAGE = 6;
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

/**
 * The list after a page announced `providers`: those (at most MAX_WALLETS_PER_PAGE) move to the front with this
 * page and tab. `keep`: the rdns of the wallet the user chose, never pushed out of the list by other pages'
 * announcements (signing needs to find it).
 */
export function recordDiscoveredWallets(
  previous: readonly DiscoveredWallet[],
  providers: readonly Eip6963ProviderInfo[],
  seen: { pageUrl: string; tabId: number | undefined; at: number },
  keep?: string,
): DiscoveredWallet[] {
  const url = new URL(seen.pageUrl);
  const seenOn = `${url.origin}${url.pathname}`;
  const fresh = providers.slice(0, MAX_WALLETS_PER_PAGE).map((info): DiscoveredWallet => {
    const before = previous.find((old) => old.rdns === info.rdns)?.tabIds ?? [];
    const tabIds =
      seen.tabId === undefined ? before : [seen.tabId, ...before.filter((id) => id !== seen.tabId)];
    return { ...info, seenOn, seenAt: seen.at, tabIds: tabIds.slice(0, MAX_TABS) };
  });
  const others = previous.filter((old) => !fresh.some((wallet) => wallet.rdns === old.rdns));
  const list = [...fresh, ...others];
  const kept = list.slice(0, MAX_WALLETS);
  const chosen = keep === undefined ? undefined : list.find((wallet) => wallet.rdns === keep);
  if (chosen && !kept.includes(chosen)) kept[kept.length - 1] = chosen;
  return kept;
}
