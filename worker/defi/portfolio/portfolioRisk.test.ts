import { describe, expect, it } from "vitest";
import { devnetDeployment } from "../../../shared/chains/devnet";
import { aaveMarketOf } from "../../../shared/chains/devnetMarket";
import type { PriceHistory, PricePoint } from "../../../shared/risk/priceHistory";
import { chain } from "../../test/devnet";
import { formatAaveAccount } from "../aave/formatAaveAccount";
import { readAaveMarketAndUser } from "../aave/readAave";
import { portfolioRisk } from "./portfolioRisk";

const HOUR = 3600;
const CHAIN = 31337;

/** 10 days of hourly ETH rows ending at `end`. */
function ethUntil(end: number): PriceHistory {
  const points: PricePoint[] = [];
  for (let h = 240; h >= 0; h--) {
    const price = 3000 + 40 * Math.sin(h / 7);
    points.push({ time: end - h * HOUR, price, low: price * 0.995, high: price * 1.005 });
  }
  return { ETH: points };
}

async function borrowerAccount() {
  const { market, user } = await readAaveMarketAndUser({
    client: chain,
    chainId: CHAIN,
    market: aaveMarketOf(devnetDeployment),
    user: devnetDeployment.accounts.borrower,
  });
  return formatAaveAccount({ market, user, pool: devnetDeployment.contracts.pool });
}

describe("portfolioRisk against the block the account was read at", () => {
  it("says first that the prices are stale when the history ends hours before the account's block", async () => {
    const account = await borrowerAccount();
    const end = 1_790_000_000 - (1_790_000_000 % HOUR);
    const history = ethUntil(end);
    const block = (seconds: number) => [{ chainId: CHAIN, blockNumber: "1", blockTimestamp: end + seconds }];

    const current = await portfolioRisk([account], history, block(60));
    const behind = await portfolioRisk([account], history, block(3 * HOUR));
    const otherChain = await portfolioRisk([account], history, [{ ...block(3 * HOUR)[0]!, chainId: 1 }]);
    if (current.status !== "ok" || behind.status !== "ok" || otherChain.status !== "ok")
      throw new Error("expected forecasts");
    expect(behind.drivers[0]).toBe(
      "the oracle's ETH prices could not be read for 3 h: this forecast uses the prices from before then",
    );
    expect(current.drivers.some((d) => d.includes("could not be read"))).toBe(false);
    // Another chain's block says nothing about this account's prices.
    expect(otherChain.drivers).toEqual(current.drivers);
    // The number is the one the history gives; the driver qualifies it, it does not change it.
    expect(behind.probability).toBe(current.probability);
  });
});
