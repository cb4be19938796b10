/** One Aave account's positions in USD as the risk forecast reads them (POST /risk/forecast's `positions`). */
export interface ForecastPositions {
  supplies: { symbol: string; amountUsd: number; liquidationThreshold: number; usedAsCollateral: boolean }[];
  borrows: { symbol: string; amountUsd: number }[];
}

/** What an account must give: its supplies and borrows in USD (the portfolio's Aave account has them). */
export interface ForecastableAccount {
  supplies: readonly {
    symbol: string;
    amountUsd: number;
    liquidationThreshold: number;
    usedAsCollateral: boolean;
  }[];
  borrows: readonly { symbol: string; amountUsd: number }[];
  /** The account's weighted threshold: new collateral of an asset not yet supplied counts at it by default. */
  currentLiquidationThreshold: number;
}

/** A change to one asset in USD: positive adds collateral / debt, negative removes it. */
export interface PositionChange {
  symbol: string;
  collateralUsd: number;
  debtUsd: number;
  /** The threshold new collateral counts at (0: not collateral); default the account's current one. */
  newCollateralThreshold?: number;
}

/**
 * The positions a forecast reads, before or after a change: the one "apply a change, then forecast" for the
 * pre-sign preview (extension) and the automation's proposals (worker), so both say the same of the same call.
 * Balances never go below 0; a supply counts as collateral only when enabled and with a threshold above 0; a first
 * supply or borrow of an asset is added.
 */
export function forecastPositions(account: ForecastableAccount, change?: PositionChange): ForecastPositions {
  const same = (symbol: string) =>
    change !== undefined && symbol.toLowerCase() === change.symbol.toLowerCase();
  const supplies = account.supplies.map((s) => ({
    symbol: s.symbol,
    amountUsd: Math.max(0, s.amountUsd + (same(s.symbol) ? (change?.collateralUsd ?? 0) : 0)),
    liquidationThreshold: s.liquidationThreshold,
    usedAsCollateral: s.usedAsCollateral && s.liquidationThreshold > 0,
  }));
  const borrows = account.borrows.map((b) => ({
    symbol: b.symbol,
    amountUsd: Math.max(0, b.amountUsd + (same(b.symbol) ? (change?.debtUsd ?? 0) : 0)),
  }));
  if (change && change.collateralUsd > 0 && !account.supplies.some((s) => same(s.symbol))) {
    const threshold = change.newCollateralThreshold ?? account.currentLiquidationThreshold;
    supplies.push({
      symbol: change.symbol,
      amountUsd: change.collateralUsd,
      liquidationThreshold: threshold,
      usedAsCollateral: threshold > 0,
    });
  }
  if (change && change.debtUsd > 0 && !account.borrows.some((b) => same(b.symbol))) {
    borrows.push({ symbol: change.symbol, amountUsd: change.debtUsd });
  }
  return { supplies, borrows };
}
