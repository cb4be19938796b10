import { describe, expect, it } from "vitest";
import type { PriceHistory } from "../../shared/risk/priceHistory";
import { STALE_PRICES_SECONDS } from "../../shared/risk/stalePrices";
import type { AaveAccount } from "../../shared/schemas/portfolio";
import { riskCaveat } from "./riskCaveat";

const ADDRESS = "0x0000000000000000000000000000000000000001";
const BLOCK_TIME = 1_735_700_000;

/** 10 WETH supplied against `debtUsd` of USDC (or LINK) debt, on chain 31337. */
function account(debtUsd: number, debt: "USDC" | "LINK" = "USDC"): AaveAccount {
  return {
    protocol: "aave-v3",
    chainId: 31337,
    pool: ADDRESS,
    healthFactor: debtUsd > 0 ? (35_000 * 0.83) / debtUsd : null,
    healthFactorRaw: "0",
    totalCollateralUsd: 35_000,
    totalDebtUsd: debtUsd,
    availableBorrowsUsd: 0,
    ltv: 0.8,
    currentLiquidationThreshold: 0.83,
    eModeCategoryId: 0,
    isolationMode: false,
    supplies: [
      {
        symbol: "WETH",
        asset: ADDRESS,
        decimals: 18,
        amount: 10,
        amountRaw: "10000000000000000000",
        amountUsd: 35_000,
        priceUsd: 3_500,
        supplyApy: 0.02,
        usedAsCollateral: true,
        ltv: 0.8,
        liquidationThreshold: 0.83,
        liquidationPriceUsd: null,
      },
    ],
    borrows:
      debtUsd > 0
        ? [
            {
              symbol: debt,
              asset: ADDRESS,
              decimals: 6,
              amount: debtUsd,
              amountRaw: "1",
              amountUsd: debtUsd,
              priceUsd: 1,
              variableBorrowApy: 0.05,
              stableDebtRaw: "0",
            },
          ]
        : [],
  };
}

/** Hourly points of one feed ending `lag` seconds before the block. */
const series = (lag: number, price: number) =>
  Array.from({ length: 48 }, (_, k) => ({ time: BLOCK_TIME - lag - (47 - k) * 3600, price }));

const asOf = [{ chainId: 31337, blockNumber: "100", blockTimestamp: BLOCK_TIME }];

describe("riskCaveat", () => {
  it("names the account's feeds whose history ends over 15 min before its block, and only those", () => {
    const history: PriceHistory = { ETH: series(3 * 3600, 3_500), LINK: series(60, 20) };
    expect(riskCaveat(account(20_000), history, asOf)).toBe(
      "the oracle's ETH prices could not be read for 3 h: this forecast uses the prices from before then",
    );
    // LINK is current: a LINK loan against WETH still names ETH alone.
    expect(riskCaveat(account(20_000, "LINK"), history, asOf)).toMatch(/^the oracle's ETH prices/);
    // Just inside the threshold: nothing to say.
    const fresh: PriceHistory = { ETH: series(STALE_PRICES_SECONDS, 3_500) };
    expect(riskCaveat(account(20_000), fresh, asOf)).toBeNull();
  });

  it("has nothing to say without debt, without the account's block, or without an account", () => {
    const history: PriceHistory = { ETH: series(3 * 3600, 3_500) };
    expect(riskCaveat(account(0), history, asOf)).toBeNull();
    expect(riskCaveat(account(20_000), history, [{ ...asOf[0]!, chainId: 1 }])).toBeNull();
    expect(riskCaveat(undefined, history, asOf)).toBeNull();
  });
});
