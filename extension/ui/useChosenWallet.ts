import { useEffect, useState } from "react";
import { type DiscoveredWallet, discoveredWalletsItem } from "../lib/storage/discoveredWallets";
import { type Settings, settingsItem } from "../lib/storage/settings";

export interface ChosenWallet {
  settings: Settings;
  /** What the buttons call it: "MetaMask", or the page wallet's own name. */
  name: string;
  /** For a page wallet: the site whose tab carries the requests (the wallet shows them as coming from it). */
  viaSite: string | null;
}

/** The wallet the options chose, with what Vigil's signing pages tell the user about it; null while loading. */
export function useChosenWallet(): ChosenWallet | null {
  const [chosen, setChosen] = useState<ChosenWallet | null>(null);
  useEffect(() => {
    void Promise.all([settingsItem.get(), discoveredWalletsItem.get()]).then(([settings, wallets]) => {
      const { wallet } = settings;
      if (wallet.kind === "metamask") {
        setChosen({ settings, name: "MetaMask", viaSite: null });
        return;
      }
      const seen: DiscoveredWallet | undefined = wallets.find((w) => w.rdns === wallet.rdns);
      setChosen({
        settings,
        name: seen?.name ?? wallet.rdns,
        viaSite: wallet.site
          ? new URL(wallet.site).host
          : seen
            ? new URL(seen.seenOn).host
            : "a supported site",
      });
    });
  }, []);
  return chosen;
}
