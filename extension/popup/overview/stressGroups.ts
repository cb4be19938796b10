import { feedOf, RISK_ASSETS, type RiskAsset } from "../../../shared/risk/assets";

/** Assets whose prices move together in the stress test, with the slider that moves them. */
export interface StressGroup {
  id: string;
  label: string;
  symbols: string[];
}

const isRiskAsset = (symbol: string): symbol is RiskAsset =>
  (RISK_ASSETS as readonly string[]).includes(symbol);

/**
 * One slider per price the account depends on: ETH and staked ETH move as one (the model's STETH feed is ETH
 * times a near-1 ratio), BTC and LINK each on their own, stablecoins stay at $1 (a depeg is another story), and
 * an asset Vigil has no feed for gets its own slider under its own name rather than a guess.
 */
export function stressGroups(account: {
  supplies: ReadonlyArray<{ symbol: string; usedAsCollateral: boolean }>;
  borrows: ReadonlyArray<{ symbol: string }>;
}): StressGroup[] {
  const groups = new Map<string, StressGroup>();
  const symbols = [...account.supplies.filter((s) => s.usedAsCollateral), ...account.borrows].map(
    (p) => p.symbol,
  );
  for (const symbol of new Set(symbols)) {
    const feed = isRiskAsset(symbol) ? feedOf(symbol) : undefined;
    if (feed === null) continue;
    const id = feed === "STETH" ? "ETH" : (feed ?? symbol);
    const label = id === "ETH" ? "ETH & staked ETH" : id;
    const group = groups.get(id) ?? { id, label, symbols: [] };
    group.symbols.push(symbol);
    groups.set(id, group);
  }
  return [...groups.values()];
}
