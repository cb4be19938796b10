import { describe, expect, it } from "vitest";
import { FEATURE_COUNT, FEATURE_NAMES, featureOf } from "../../shared/risk/features";
import { applyPlatt, RiskModelError } from "../../shared/risk/model";
import { createRng } from "../data/rng";
import { CALIBRATION_REGIME_FEATURE, fitPlatt } from "./platt";

describe("fitPlatt", () => {
  it("recovers the scale and offset of logits drawn from a known calibration", () => {
    const rng = createRng(11);
    const logits: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const z = (rng() - 0.5) * 8;
      logits.push(z);
      labels.push(rng() < applyPlatt({ a: 0.5, b: -1 }, z) ? 1 : 0);
    }
    const fit = fitPlatt(logits, labels);
    expect(fit.a).toBeCloseTo(0.5, 1);
    expect(fit.b).toBeCloseTo(-1, 1);
  });
});

describe("fitPlatt with a regime term", () => {
  it("recovers the weight of the regime feature beside the scale and offset", () => {
    const rng = createRng(12);
    const logits: number[] = [];
    const labels: number[] = [];
    const values: number[] = [];
    const truth = { a: 0.8, b: -0.5, regime: { feature: CALIBRATION_REGIME_FEATURE, weight: 0.6 } };
    for (let i = 0; i < 40_000; i++) {
      const z = (rng() - 0.5) * 8;
      const row = new Array<number>(FEATURE_COUNT).fill(0);
      row[FEATURE_NAMES.indexOf(CALIBRATION_REGIME_FEATURE)] = (rng() - 0.5) * 4;
      logits.push(z);
      values.push(featureOf(row, CALIBRATION_REGIME_FEATURE));
      labels.push(rng() < applyPlatt(truth, z, row) ? 1 : 0);
    }
    const fit = fitPlatt(logits, labels, { feature: CALIBRATION_REGIME_FEATURE, values });
    expect(fit.a).toBeCloseTo(0.8, 1);
    expect(fit.b).toBeCloseTo(-0.5, 1);
    expect(fit.regime?.feature).toBe(CALIBRATION_REGIME_FEATURE);
    expect(fit.regime?.weight).toBeCloseTo(0.6, 1);
    // Without the term, the fit has no weight to give and says so by leaving it out.
    expect(fitPlatt(logits, labels).regime).toBeUndefined();
  });

  it("a feature that carries nothing gets a weight near zero", () => {
    const rng = createRng(13);
    const logits: number[] = [];
    const labels: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < 40_000; i++) {
      const z = (rng() - 0.5) * 8;
      logits.push(z);
      values.push((rng() - 0.5) * 4);
      labels.push(rng() < applyPlatt({ a: 1, b: 0 }, z) ? 1 : 0);
    }
    const fit = fitPlatt(logits, labels, { feature: CALIBRATION_REGIME_FEATURE, values });
    expect(Math.abs(fit.regime!.weight)).toBeLessThan(0.05);
    expect(fit.a).toBeCloseTo(1, 1);
  });
});

describe("applyPlatt", () => {
  const row = new Array<number>(FEATURE_COUNT).fill(0);
  row[FEATURE_NAMES.indexOf("logMarketVolRatio")] = 1.5;
  it("adds the regime term from the row's own feature", () => {
    const calibration = { a: 1, b: -1, regime: { feature: "logMarketVolRatio" as const, weight: 0.4 } };
    expect(applyPlatt(calibration, 0.5, row)).toBeCloseTo(1 / (1 + Math.exp(-(0.5 - 1 + 0.4 * 1.5))), 12);
    expect(applyPlatt({ a: 1, b: -1 }, 0.5, row)).toBeCloseTo(1 / (1 + Math.exp(0.5)), 12);
  });
  it("refuses a regime calibration without the row rather than dropping the term", () => {
    const calibration = { a: 1, b: 0, regime: { feature: "logMarketVolRatio" as const, weight: 0.4 } };
    expect(() => applyPlatt(calibration, 0)).toThrow(RiskModelError);
  });
});
