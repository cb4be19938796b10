import type { PriceHistory } from "../../shared/risk/priceHistory";
import { stalePriceFeeds, stalePricesDriver } from "../../shared/risk/stalePrices";
import type { AaveAccount, Portfolio } from "../../shared/schemas/portfolio";
import { riskForecastPositionsSchema } from "../../shared/schemas/risk";
import { positionFromPortfolio } from "../risk";

/**
 * What a risk number read by the automation (a risk trigger, a proposal's before → after) cannot see: the price
 * feeds the account reads whose history stopped well before the block its health factor comes from. The same
 * words the dashboard's forecast puts first in its drivers (shared/risk/stalePrices.ts); null when the history is
 * current, the account has no debt, or its chain's block is unknown.
 */
export function riskCaveat(
  account: AaveAccount | undefined,
  history: PriceHistory,
  asOf: Portfolio["asOf"],
): string | null {
  if (!account) return null;
  const at = asOf.find((block) => block.chainId === account.chainId)?.blockTimestamp;
  if (at === undefined) return null;
  const borrows = account.borrows.filter((b) => b.amountUsd > 0.01);
  if (borrows.length === 0) return null;
  const positions = riskForecastPositionsSchema.safeParse({ supplies: account.supplies, borrows });
  if (!positions.success) return null;
  return stalePricesDriver(stalePriceFeeds(positionFromPortfolio(positions.data), history, at));
}
