import { describe, expect, it } from "vitest";
import { FEATURE_COUNT } from "../../shared/risk/features";
import type { Example } from "../data/examples";
import { createRng } from "../data/rng";
import { fitRawNetwork } from "./fitRaw";

function examples(count: number, seed: number): Example[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => {
    const features = Array.from({ length: FEATURE_COUNT }, () => rng() * 2 - 1);
    // Only the first feature matters, on a scale unlike the others: standardisation must handle it.
    features[0] = features[0]! * 50 + 1000;
    return {
      asOf: 0,
      horizonHours: 24,
      position: { collateral: [], debt: [] },
      healthFactor: 1,
      features,
      gbmProbability: 0.5,
      label: features[0] > 1000 ? 1 : 0,
    };
  });
}

describe("fitRawNetwork", () => {
  it("learns a rule from unstandardised features and is deterministic for a seed", () => {
    const train = examples(2000, 1);
    const predict = fitRawNetwork(train, 5);
    const held = examples(500, 2);
    const correct = held.filter((e) => (predict(e.features) > 0.5 ? 1 : 0) === e.label).length;
    expect(correct / held.length).toBeGreaterThan(0.9); // chance is 0.5;
    const again = fitRawNetwork(train, 5);
    expect(held.map((e) => again(e.features))).toEqual(held.map((e) => predict(e.features)));
  });
});
