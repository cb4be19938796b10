import { forecastPositions } from "../../shared/risk/forecastPositions";
import type { PriceHistory } from "../../shared/risk/priceHistory";
import type { AaveAccount } from "../../shared/schemas/portfolio";
import { riskForecastPositionsSchema } from "../../shared/schemas/risk";
import { forecastRisk, positionFromPortfolio } from "../risk";

/** A planned change to one asset, in USD (+ adds collateral / debt), and the health factor it leads to. */
export interface RiskChange {
  symbol: string;
  collateralUsd: number;
  debtUsd: number;
  healthFactor: number | null;
}

/**
 * The liquidation probability of one Aave account over a horizon, optionally after a change (applied by
 * shared/risk/forecastPositions.ts, as the pre-sign preview applies a Pool call). 0 without debt;
 * null when the model cannot say (assets it does not cover). `history` is the same recorded price series the
 * portfolio's forecast reads, so a trigger's number, the proposal's "before" and the popup's agree.
 */
export async function riskOf(
  account: AaveAccount | undefined,
  horizon: "24h" | "7d",
  history: PriceHistory,
  after?: RiskChange,
): Promise<number | null> {
  if (!account) return null;
  const changed = forecastPositions(account, after);
  const borrows = changed.borrows.filter((b) => b.amountUsd > 0.01);
  if (borrows.length === 0) return 0;
  const positions = riskForecastPositionsSchema.safeParse({ supplies: changed.supplies, borrows });
  if (!positions.success) return null;
  try {
    const forecast = await forecastRisk({
      position: positionFromPortfolio(positions.data),
      healthFactor: after ? after.healthFactor : account.healthFactor,
      horizon,
      history,
    });
    return forecast.probability;
  } catch {
    return null;
  }
}
