import { describe, expect, it } from "vitest";
import { loadCandles } from "../../shared/prices/loadCandles.node.js";
import { resolvePricesDir } from "../../shared/prices/pricesDir.node.js";
import { maxRelativeDifference } from "../../shared/risk/featureParity.fixture";
import { computeRiskFeatures } from "../../shared/risk/features";
import { ORACLE_RULES, simulateOracle, simulateOracleRounds } from "../../shared/risk/oracleSim";

// Training reads the simulated oracle as hourly rows; the worker reads a feed's rounds (the devnet can seed exactly
// these rounds). Measured here on real candles through the June 2022 crash: the features agree.
describe("served vs trained features (real ETH/BTC candles, June 2022)", () => {
  it("features from the oracle's rounds equal features from its hourly rows", () => {
    const dir = resolvePricesDir({ env: {} });
    const from = Date.parse("2022-05-01T00:00:00Z") / 1000;
    const to = Date.parse("2022-07-01T00:00:00Z") / 1000;
    const slice = (symbol: "ETH" | "BTC") =>
      loadCandles(dir, symbol).filter((c) => c.time >= from && c.time < to);
    const eth = slice("ETH");
    const btc = slice("BTC");
    const rows = { ETH: simulateOracle(eth, ORACLE_RULES.ETH), BTC: simulateOracle(btc, ORACLE_RULES.BTC) };
    const rounds = {
      ETH: simulateOracleRounds(eth, ORACLE_RULES.ETH),
      BTC: simulateOracleRounds(btc, ORACLE_RULES.BTC),
    };
    expect(rounds.ETH.length).toBeGreaterThan(rows.ETH.length); // more than one round an hour in a crash month
    const position = {
      collateral: [{ asset: "WETH" as const, usd: 10_000, liquidationThreshold: 0.83 }],
      debt: [
        { asset: "WBTC" as const, usd: 3_000 },
        { asset: "USDC" as const, usd: 4_000 },
      ],
    };
    const fromRows: number[][] = [];
    const fromRounds: number[][] = [];
    for (let asOf = Date.parse("2022-06-10T00:00:00Z") / 1000; asOf < to - 3600; asOf += 7 * 3600) {
      fromRows.push(computeRiskFeatures({ position, history: rows, asOf, horizonHours: 24 }).vector);
      fromRounds.push(computeRiskFeatures({ position, history: rounds, asOf, horizonHours: 24 }).vector);
    }
    expect(fromRows.length).toBeGreaterThan(60);
    expect(maxRelativeDifference(fromRounds, fromRows)).toBeLessThan(1e-9);
  });
});
