import { describe, expect, it } from "vitest";
import { type Mlp, mlpForward, mlpFromBytes } from "../../shared/risk/mlp";
import { createRng } from "../data/rng";
import { EnsembleShapeError, mergeEnsemble } from "./ensemble";

/** A random 5 → 4 → 3 → 1 ReLU network with float32 weights. */
function randomNetwork(seed: number, hidden = [4, 3]): Mlp {
  const rng = createRng(seed);
  const sizes = [5, ...hidden, 1];
  const layers = sizes.slice(1).map((units, l) => ({
    inputs: sizes[l]!,
    units,
    activation: l === sizes.length - 2 ? ("linear" as const) : ("relu" as const),
  }));
  const count = layers.reduce((s, l) => s + l.inputs * l.units + l.units, 0);
  const bytes = new Uint8Array(count * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < count; i++) view.setFloat32(i * 4, rng() * 2 - 1, true);
  return mlpFromBytes({ format: "vigil-mlp", layers }, bytes);
}

describe("mergeEnsemble", () => {
  it("outputs the mean of its members' logits", () => {
    const members = [randomNetwork(1), randomNetwork(2), randomNetwork(3)];
    const merged = mergeEnsemble(members);
    expect(merged.topology.layers.map((l) => [l.inputs, l.units])).toEqual([
      [5, 12],
      [12, 9],
      [9, 1],
    ]);
    const rng = createRng(9);
    for (let t = 0; t < 200; t++) {
      const x = Array.from({ length: 5 }, () => rng() * 6 - 3);
      const logits = members.map((m) => mlpForward(m, x));
      const mean = logits.reduce((s, z) => s + z, 0) / logits.length;
      // float32 rounding of the output weights divided by 3 is the only difference
      expect(mlpForward(merged, x)).toBeCloseTo(mean, 5);
      // the average of networks that disagree is none of them
      expect(Math.abs(mlpForward(merged, x) - logits[0]!)).toBeGreaterThan(0);
    }
  });

  it("is one member itself when there is one", () => {
    const single = randomNetwork(4);
    const merged = mergeEnsemble([single]);
    expect(merged.kernels).toEqual(single.kernels);
    expect(merged.biases).toEqual(single.biases);
  });

  it("refuses members of different shapes", () => {
    expect(() => mergeEnsemble([randomNetwork(1), randomNetwork(2, [4, 2])])).toThrow(EnsembleShapeError);
    expect(() => mergeEnsemble([])).toThrow(EnsembleShapeError);
  });
});
