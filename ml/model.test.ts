import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { resolvePricesDir } from "../shared/prices/pricesDir.node.js";
import { base64ToBytes } from "../shared/risk/base64";
import { computeRiskFeatures, FEATURE_NAMES, type FeatureName } from "../shared/risk/features";
import { forecast } from "../shared/risk/forecast";
import { type LoadedRiskModel, loadRiskModel, type RiskHorizonHours } from "../shared/risk/model";
import type { RiskPosition } from "../shared/risk/position";
import type { MarketData } from "./data/market";
import { loadMarketData } from "./data/market.node.js";
import { WEIGHTS_BASE64 } from "./model/weights.generated";
import { MODEL_DIR, readArtifact } from "./train/artifactFiles.node.js";

const at = (iso: string) => Date.parse(iso) / 1000;

function ethAgainstUsdc(healthFactor: number): RiskPosition {
  return {
    collateral: [{ asset: "WETH", usd: 10_000, liquidationThreshold: 0.83 }],
    debt: [{ asset: "USDC", usd: 8_300 / healthFactor }],
  };
}

let model: LoadedRiskModel;
let market: MarketData;
beforeAll(async () => {
  model = await loadRiskModel(readArtifact());
  market = loadMarketData(resolvePricesDir({ env: {} }));
});

const run = (position: RiskPosition, asOf: number, horizonHours: RiskHorizonHours) =>
  forecast(model, { position, history: market.history, asOf, horizonHours });

describe("the committed model on known cases (real prices)", () => {
  it("HF 1.01 with ETH collateral in the June 2022 crash week → high", () => {
    for (const horizon of [24, 168] as const) {
      const result = run(ethAgainstUsdc(1.01), at("2022-06-13T12:00:00Z"), horizon);
      expect(result.band).toBe("high");
      expect(result.drivers[0]).toBe("the health factor is close to 1");
      expect(result.drivers.some((d) => /^ETH has moved .*× as much as usual this week$/.test(d))).toBe(true);
    }
  });

  it("HF 3 with stablecoin debt in a calm week (July 2023) → low", () => {
    for (const horizon of [24, 168] as const) {
      const result = run(ethAgainstUsdc(3), at("2023-07-25T00:00:00Z"), horizon);
      expect(result.band).toBe("low");
      expect(result.probability).toBeLessThan(0.01);
    }
  });

  it("is monotone in HF with everything else fixed", () => {
    const dates = [
      "2019-06-27T00:00:00Z",
      "2021-05-19T06:00:00Z",
      "2022-06-13T12:00:00Z",
      "2023-07-25T00:00:00Z",
    ];
    for (const date of dates) {
      for (const horizon of [24, 168] as const) {
        let previous = 1;
        for (let hf = 1.01; hf <= 3.5; hf += 0.01) {
          const p = run(ethAgainstUsdc(hf), at(date), horizon).probability;
          expect(p, `${date} ${horizon}h HF ${hf.toFixed(2)}`).toBeLessThanOrEqual(previous + 1e-9);
          previous = p;
        }
      }
    }
  });

  it("gives certain answers outside its domain: no debt → 0, HF ≤ 1 → 1", () => {
    const none = run({ collateral: ethAgainstUsdc(2).collateral, debt: [] }, at("2022-06-13T12:00:00Z"), 24);
    expect(none).toMatchObject({ probability: 0, band: "low" });
    expect(run(ethAgainstUsdc(0.99), at("2022-06-13T12:00:00Z"), 24)).toMatchObject({
      probability: 1,
      band: "high",
    });
  });
});

describe("the committed artifact", () => {
  it("bundles exactly weights.bin as base64 for the Worker", () => {
    expect(base64ToBytes(WEIGHTS_BASE64)).toEqual(new Uint8Array(readFileSync(`${MODEL_DIR}weights.bin`)));
  });

  it("is small", () => {
    expect(readFileSync(`${MODEL_DIR}weights.bin`).byteLength).toBeLessThan(64 * 1024);
  });
});

describe("loading a model whose calibration reads a feature", () => {
  it("uses the row's own regime feature: a market waking up adds to what the network says", () => {
    const artifact = readArtifact();
    expect(artifact.meta.calibration["24"].regime?.feature).toBe("logMarketVolRatio");
    expect(artifact.meta.calibration["24"].regime!.weight).toBeGreaterThan(0);
    const row = computeRiskFeatures({
      position: ethAgainstUsdc(1.1),
      history: market.history,
      asOf: at("2023-07-12T12:00:00Z"),
      horizonHours: 24,
    }).vector;
    const waking = [...row];
    waking[FEATURE_NAMES.indexOf("logMarketVolRatio")] = row[FEATURE_NAMES.indexOf("logMarketVolRatio")]! + 1;
    const [p, q] = model.predict([row, waking], [24, 24]);
    const [, y] = model.logits([row, waking]);
    const { a, b, regime } = artifact.meta.calibration["24"];
    expect(q!).toBeGreaterThan(p!);
    expect(q).toBeCloseTo(
      1 /
        (1 + Math.exp(-(a * y! + b + regime!.weight * waking[FEATURE_NAMES.indexOf("logMarketVolRatio")]!))),
      12,
    );
  });

  it("refuses a calibration that reads a feature this code does not compute", async () => {
    const artifact = readArtifact();
    const meta = {
      ...artifact.meta,
      calibration: {
        ...artifact.meta.calibration,
        "24": { a: 1, b: 0, regime: { feature: "moonPhase" as FeatureName, weight: 1 } },
      },
    };
    await expect(loadRiskModel({ ...artifact, meta })).rejects.toThrow(/moonPhase/);
  });
});
