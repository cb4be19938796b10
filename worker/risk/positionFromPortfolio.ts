import type { z } from "zod";
import type { RiskPosition } from "../../shared/risk/position";
import type { riskForecastPositionsSchema } from "../../shared/schemas/risk";

/** Aave supplies/borrows (as GET /portfolios returns them, already validated) → the model's position. */
export function positionFromPortfolio(positions: z.output<typeof riskForecastPositionsSchema>): RiskPosition {
  return {
    collateral: positions.supplies
      .filter((s) => s.usedAsCollateral && s.amountUsd > 0)
      .map((s) => ({ asset: s.symbol, usd: s.amountUsd, liquidationThreshold: s.liquidationThreshold })),
    debt: positions.borrows
      .filter((b) => b.amountUsd > 0)
      .map((b) => ({ asset: b.symbol, usd: b.amountUsd })),
  };
}
