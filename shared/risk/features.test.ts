import { describe, expect, it } from "vitest";
import expected from "./featureParity.expected.json" with { type: "json" };
import { maxRelativeDifference, PARITY_CASES } from "./featureParity.fixture";
import { computeRiskFeatures, FEATURE_COUNT, FEATURE_NAMES, type FeatureName, featureOf } from "./features";
import { normalCdf } from "./normal";
import type { PricePoint } from "./priceHistory";
import { historyAsOf } from "./priceHistory";

const H = 3600;
const ASOF = 1_700_000_000 - (1_700_000_000 % H);
/** Hourly rows at asOf − k·1h (k = 0 … hours), price given per k. */
const rows = (hours: number, priceAt: (k: number) => number): PricePoint[] =>
  Array.from({ length: hours + 1 }, (_, i) => hours - i).map((k) => ({
    time: ASOF - k * H,
    price: priceAt(k),
  }));
const alternating = (k: number) => (k % 2 === 0 ? 100 : 101);
const ethAgainstUsdc = {
  collateral: [{ asset: "WETH" as const, usd: 10_000, liquidationThreshold: 0.8 }],
  debt: [{ asset: "USDC" as const, usd: 7_000 }],
};
const named = (vector: number[]) =>
  Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, vector[i]!])) as Record<FeatureName, number>;

describe("computeRiskFeatures: hand-computed cases", () => {
  it("ETH against USDC, ETH alternating 100/101 every hour", () => {
    const a = Math.log(1.01); // every hourly |return|, every hour's range (low 100, high 101) and every fall
    const lnHf = Math.log(8_000 / 7_000);
    const parkinson = a / Math.sqrt(4 * Math.LN2);
    const f = computeRiskFeatures({
      position: ethAgainstUsdc,
      history: { ETH: rows(800, alternating) },
      asOf: ASOF,
      horizonHours: 24,
    });
    const want: Record<FeatureName, number> = {
      logHealthFactor: lnHf,
      logHorizonDays: 0,
      sigmasToLiquidation24h: lnHf / (a * Math.sqrt(24)),
      sigmasToLiquidation7d: lnHf / (a * Math.sqrt(24)),
      sigmasToLiquidation30d: lnHf / (a * Math.sqrt(24)),
      logHorizonVol24h: Math.log(a * Math.sqrt(24)),
      logHorizonVol7d: Math.log(a * Math.sqrt(24)),
      logHorizonVol30d: Math.log(a * Math.sqrt(24)),
      logVolRatio24hTo30d: 0,
      sigmasToLiquidationRange24h: lnHf / (parkinson * Math.sqrt(24)),
      sigmasToLiquidationRange7d: lnHf / (parkinson * Math.sqrt(24)),
      logRangeToCloseVol7d: -0.5 * Math.log(4 * Math.LN2),
      volOfVol30d: 0, // every day equally volatile
      largestDrop24h: a, // 101 → 100 within an hour
      drawdown7d: -a, // the 7-day peak was 101, now 100
      ratioChange24h: 0,
      ratioChange7d: 0,
      gbmLogit: 0, // replaced below
      stableCollateralShare: 0,
      volatileDebtShare: 0,
      correlatedExposure: 0,
      netExposure: 1,
      collateralChange24h: 0,
      debtChange24h: 0,
      legCorrelation7d: 0, // stablecoin debt does not move
      marketChange24h: 0,
      logMarketVolRatio: 0,
    };
    const gbm = 2 * normalCdf(-lnHf / (a * Math.sqrt(24)));
    want.gbmLogit = Math.log(gbm / (1 - gbm));
    const got = named(f.vector);
    for (const name of FEATURE_NAMES) expect(got[name], name).toBeCloseTo(want[name], 10);
    expect(f.ratioVol.h168).toBeCloseTo(a, 12);
    expect(f.historyHours).toBe(720);
    expect(f.limitedHistory).toBe(false);
  });

  it("a one-hour wick the closes never show: the range features see it, close-to-close ones do not", () => {
    const wick = Math.log(100 / 90);
    const lnHf = Math.log(8_000 / 7_000);
    const flat = rows(800, () => 100);
    const withRow = flat.map((p) => (p.time === ASOF - 5 * H ? { ...p, low: 90 } : p));
    const f = computeRiskFeatures({
      position: ethAgainstUsdc,
      history: { ETH: withRow },
      asOf: ASOF,
      horizonHours: 24,
    });
    const got = named(f.vector);
    expect(got.largestDrop24h).toBeCloseTo(wick, 12);
    expect(got.sigmasToLiquidation24h).toBe(15); // no close-to-close move at all: clipped
    const parkinson24 = Math.sqrt((wick * wick) / 24) / Math.sqrt(4 * Math.LN2);
    expect(got.sigmasToLiquidationRange24h).toBeCloseTo(lnHf / (parkinson24 * Math.sqrt(24)), 10);

    // The same hour as raw oracle rounds (90 at half past, back to 100 on the hour) gives the same features.
    const withRounds = [...flat, { time: ASOF - 5 * H - 1800, price: 90 }].sort((x, y) => x.time - y.time);
    const g = computeRiskFeatures({
      position: ethAgainstUsdc,
      history: { ETH: withRounds },
      asOf: ASOF,
      horizonHours: 24,
    });
    expect(g.vector).toEqual(f.vector);
  });

  it("cross-asset: ETH collateral against WBTC debt moving together, then against each other", () => {
    const position = {
      collateral: [{ asset: "WETH" as const, usd: 10_000, liquidationThreshold: 0.8 }],
      debt: [{ asset: "WBTC" as const, usd: 7_000 }],
    };
    const a = Math.log(1.01);
    const together = computeRiskFeatures({
      position,
      history: { ETH: rows(800, alternating), BTC: rows(800, alternating) },
      asOf: ASOF,
      horizonHours: 24,
    });
    expect(named(together.vector).legCorrelation7d).toBeCloseTo(1, 12);
    expect(together.ratioVol.h24).toBe(0); // the ratio never moves
    const opposite = computeRiskFeatures({
      position,
      history: { ETH: rows(800, alternating), BTC: rows(800, (k) => (k % 2 === 0 ? 101 : 100)) },
      asOf: ASOF,
      horizonHours: 24,
    });
    expect(named(opposite.vector).legCorrelation7d).toBeCloseTo(-1, 12);
    expect(opposite.ratioVol.h24).toBeCloseTo(2 * a, 12); // ETH +1 % while BTC −1 %, every hour
    expect(named(opposite.vector).netExposure).toBe(2);
  });

  it("reads the market (ETH) even for a position without ETH", () => {
    const link = {
      collateral: [{ asset: "LINK" as const, usd: 10_000, liquidationThreshold: 0.68 }],
      debt: [{ asset: "USDC" as const, usd: 5_000 }],
    };
    const f = computeRiskFeatures({
      position: link,
      history: { LINK: rows(800, () => 7), ETH: rows(800, (k) => (k < 24 ? 100 : 90)) },
      asOf: ASOF,
      horizonHours: 24,
    });
    expect(named(f.vector).marketChange24h).toBeCloseTo(Math.log(100 / 90), 12);
    expect(named(f.vector).ratioChange24h).toBeCloseTo(0, 12);
  });
});

describe("computeRiskFeatures: runtime parity and look-ahead", () => {
  it("matches the committed vectors (the workerd test checks the same file)", () => {
    const vectors = PARITY_CASES.map((input) => computeRiskFeatures(input).vector);
    expect(maxRelativeDifference(vectors, expected)).toBeLessThan(1e-12);
    expect(vectors.every((v) => v.length === FEATURE_COUNT && v.every(Number.isFinite))).toBe(true);
  });

  it("never reads a price after asOf: a crash injected after asOf changes nothing", () => {
    for (const input of PARITY_CASES) {
      const before = computeRiskFeatures(input);
      const crashed = Object.fromEntries(
        Object.entries(input.history).map(([feed, points]) => [
          feed,
          (points as PricePoint[]).map((p) =>
            p.time > input.asOf ? { time: p.time, price: p.price * 0.3, low: p.price * 0.2 } : p,
          ),
        ]),
      );
      expect(computeRiskFeatures({ ...input, history: crashed })).toEqual(before);
      expect(computeRiskFeatures({ ...input, history: historyAsOf(input.history, input.asOf) })).toEqual(
        before,
      );
    }
  });

  it("does see a crash at asOf itself (the test above would catch look-ahead, not blindness)", () => {
    const input = PARITY_CASES[0]!;
    const eth = input.history.ETH!.map((p) =>
      p.time > input.asOf - 12 * 3600 && p.time <= input.asOf ? { ...p, price: p.price * 0.7 } : p,
    );
    const crashed = computeRiskFeatures({ ...input, history: { ETH: eth } });
    expect(crashed.ratioVol.h24).toBeGreaterThan(computeRiskFeatures(input).ratioVol.h24 * 1.5);
  });

  it("falls back to the prior volatility and says so when history is short or missing", () => {
    const short = computeRiskFeatures(PARITY_CASES[2]!);
    expect(short.limitedHistory).toBe(true);
    expect(short.historyHours).toBe(60);
    const none = computeRiskFeatures({ ...PARITY_CASES[0]!, history: {} });
    expect(none.historyHours).toBe(0);
    expect(none.ratioVol.h168).toBeCloseTo(none.priorRatioVol, 12);
    expect(none.priorRatioVol).toBeCloseTo(0.0082, 6); // all-ETH collateral against USDC: ETH's prior
    expect(none.vector.every(Number.isFinite)).toBe(true);
    expect(featureOf(none.vector, "volOfVol30d")).toBe(0.38); // the prior
  });
});
