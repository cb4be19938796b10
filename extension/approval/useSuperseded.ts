import { useEffect, useState } from "react";
import type { Transaction } from "../lib/api/contract";
import { type DashboardCache, dashboardCacheItem } from "../lib/storage/dashboardCache";
import { type SupersededProposal, supersededProposal } from "../ui/superseded";

/**
 * Whether the rescue replaces this proposal: the position on its chain (the dashboard the background keeps) is
 * liquidatable now and the proposal was worked out above 1. The page says so before the wallet is asked.
 */
export function useSuperseded(proposal: Transaction | null): SupersededProposal | null {
  const [dashboard, setDashboard] = useState<DashboardCache | null>(null);
  useEffect(() => {
    void dashboardCacheItem.get().then(setDashboard);
    return dashboardCacheItem.watch(setDashboard);
  }, []);
  if (!proposal) return null;
  const account = dashboard?.portfolio?.aave.find((a) => a.chainId === proposal.chainId) ?? null;
  return supersededProposal(proposal, account);
}
