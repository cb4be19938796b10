import type { PriceHistory } from "../../../shared/risk/priceHistory";
import type { AaveAccount, Portfolio, PortfolioRisk } from "../../../shared/schemas/portfolio";
import { riskForecastPositionsSchema } from "../../../shared/schemas/risk";
import { forecastRisk, positionFromPortfolio } from "../../risk";
import { riskiestAaveAccount } from "./riskiestAccount";

/**
 * The portfolio's liquidation risk over the next 24 h: the forecast for its riskiest Aave account (lowest HF).
 * With no debt, or assets the model does not cover, it says so instead of inventing a number. `history`: the
 * price history to forecast from, or how to get the one of the account's chain (its market object's). `asOf`: the
 * block each chain was read at; a history that ends well before the account's block is said so in the drivers.
 */
export async function portfolioRisk(
  aave: readonly AaveAccount[],
  history: PriceHistory | ((chainId: number) => Promise<PriceHistory>) | undefined,
  asOf: Portfolio["asOf"] = [],
): Promise<PortfolioRisk> {
  const riskiest = riskiestAaveAccount(aave);
  if (riskiest === null) return { status: "unavailable", reason: "No debt: there is nothing to liquidate." };
  const positions = riskForecastPositionsSchema.safeParse(riskiest);
  if (!positions.success) {
    return { status: "unavailable", reason: positions.error.issues.map((issue) => issue.message).join("; ") };
  }
  let prices: PriceHistory | undefined;
  try {
    prices = typeof history === "function" ? await history(riskiest.chainId) : history;
  } catch {
    // Without the chain's history a number would be the prior's, not the one everyone else sees: say so instead.
    return {
      status: "unavailable",
      reason: "The price history could not be read just now; try again shortly.",
    };
  }
  const pricesAt = asOf.find((block) => block.chainId === riskiest.chainId)?.blockTimestamp;
  try {
    const forecast = await forecastRisk({
      position: positionFromPortfolio(positions.data),
      healthFactor: riskiest.healthFactor,
      horizon: "24h",
      ...(prices ? { history: prices } : {}),
      ...(pricesAt !== undefined ? { pricesAt } : {}),
    });
    return { status: "ok", ...forecast };
  } catch (error) {
    // The positions and health factor are still true without a forecast: serve them and say the risk is missing.
    console.error(JSON.stringify({ level: "error", msg: "risk forecast failed", cause: String(error) }));
    return { status: "unavailable", reason: "The liquidation forecast could not be computed just now." };
  }
}
