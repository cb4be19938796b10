import { describe, expect, it } from "vitest";
import { applyPlatt } from "../../shared/risk/model";
import { createRng } from "../data/rng";
import { fitPlatt } from "./platt";

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
