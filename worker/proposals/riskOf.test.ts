import { describe, expect, it } from "vitest";
import { devnetDeployment } from "../../shared/chains/devnet";
import { aaveMarketOf } from "../../shared/chains/devnetMarket";
import type { PriceHistory, PricePoint } from "../../shared/risk/priceHistory";
import { formatAaveAccount } from "../defi/aave/formatAaveAccount";
import { readAaveMarketAndUser } from "../defi/aave/readAave";
import { portfolioRisk } from "../defi/portfolio/portfolioRisk";
import { chain } from "../test/devnet";
import { riskOf } from "./riskOf";

/** 14 days of hourly ETH closes ending now: calm, then a 25 % slide over the last day. */
function slidingEth(nowSeconds: number): PriceHistory {
  const hour = 3600;
  const end = Math.floor(nowSeconds / hour) * hour;
  const points: PricePoint[] = [];
  for (let h = 14 * 24; h >= 0; h--) {
    const price = h > 24 ? 3500 + 20 * Math.sin(h / 5) : 3500 * (1 - 0.25 * ((24 - h) / 24));
    points.push({ time: end - h * hour, price });
  }
  return { ETH: points };
}

describe("the risk a proposal and a risk trigger read", () => {
  it("is the portfolio's forecast: same recorded prices, same number", async () => {
    const { market, user } = await readAaveMarketAndUser({
      client: chain,
      chainId: 31337,
      market: aaveMarketOf(devnetDeployment),
      user: devnetDeployment.accounts.borrower,
    });
    const account = formatAaveAccount({ market, user, pool: devnetDeployment.contracts.pool });
    const history = slidingEth(Date.now() / 1000);

    const portfolio = await portfolioRisk([account], history);
    if (portfolio.status !== "ok") throw new Error(portfolio.reason);
    expect(await riskOf(account, "24h", history)).toBe(portfolio.probability);
    // The recorded slide matters to the model: without it the number differs, so reading the same history is
    // what makes the trigger, the proposal's "before" and the popup agree.
    expect(await riskOf(account, "24h", {})).not.toBe(portfolio.probability);
  });
});
