import { type Address, formatUnits } from "viem";
import { baseToUsd, reserveTermsFor } from "../../shared/aave";
import type { BacktestPosition } from "../../shared/schemas/backtest";
import type { AaveMarketSnapshot, AaveUserSnapshot } from "../defi/aave/snapshots";
import { userAccountOf } from "../proposals/planAction";
import { feedFor } from "./pricePath";

const RAY = 1e27;

/**
 * The user's Aave account as the back-test's position: balances with interest to the read's block (the account
 * math the portfolio uses), the reserves' e-mode-aware thresholds and bonuses, today's rates, and what the wallet
 * holds of each reserve. Reserves that only sit in the wallet are kept when the back-test can price them (a
 * supply rule may use them). The protocol's share of the bonus is not in the data provider: taken as 0.
 */
export function positionFromChain(input: {
  market: AaveMarketSnapshot;
  user: AaveUserSnapshot;
  walletBalances: ReadonlyMap<Address, bigint>;
}): BacktestPosition {
  const { market, user } = input;
  const account = userAccountOf(market, user);
  const wallet = (asset: Address) =>
    [...input.walletBalances].find(([a]) => a.toLowerCase() === asset.toLowerCase())?.[1] ?? 0n;
  const reserves: BacktestPosition["reserves"] = [];
  for (const reserve of market.reserves) {
    const position = account.positions.find(
      (p) => p.underlyingAsset.toLowerCase() === reserve.underlyingAsset.toLowerCase(),
    );
    const held = wallet(reserve.underlyingAsset);
    if (!position && held === 0n) continue;
    if (!position && !priceable(reserve.symbol)) continue;
    const decimals = Number(reserve.decimals);
    const terms = reserveTermsFor(reserve, account.userEModeCategoryId);
    reserves.push({
      asset: reserve.symbol,
      decimals,
      priceUsd: baseToUsd(position?.price ?? terms.price, market.baseCurrency),
      supplied: formatUnits(position?.supplied ?? 0n, decimals),
      borrowed: formatUnits((position?.variableDebt ?? 0n) + (position?.stableDebt ?? 0n), decimals),
      walletBalance: formatUnits(held, decimals),
      usedAsCollateral: position?.usedAsCollateral ?? reserve.usageAsCollateralEnabled,
      ltv: Number(position?.ltv ?? terms.ltv),
      liquidationThreshold: Number(position?.liquidationThreshold ?? terms.liquidationThreshold),
      liquidationBonus: Math.max(10_000, Number(terms.liquidationBonus)),
      liquidationProtocolFee: 0,
      supplyRate: Number(reserve.liquidityRate) / RAY,
      borrowRate: Number(reserve.variableBorrowRate) / RAY,
    });
  }
  return { chainId: market.chainId, reserves };
}

function priceable(symbol: string): boolean {
  try {
    feedFor(symbol);
    return true;
  } catch {
    return false;
  }
}
