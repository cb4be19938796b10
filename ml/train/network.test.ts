import { describe, expect, it } from "vitest";
import { mlpForward, mlpToBytes } from "../../shared/risk/mlp";
import { createRng } from "../data/rng";
import { trainNetwork } from "./network";

/** y = 1 when x0 + x1 > 0.5 (plus 5 % flipped labels): learnable, not trivially. */
function dataset(rows: number, seed: number) {
  const rng = createRng(seed);
  const inputs = new Float64Array(rows * 2);
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const a = rng() * 2 - 1;
    const b = rng() * 2 - 1;
    inputs[2 * i] = a;
    inputs[2 * i + 1] = b;
    labels[i] = a + b > 0.5 !== rng() < 0.05 ? 1 : 0;
  }
  return { inputs, labels, rows, columns: 2 };
}

const options = { hidden: [8], epochs: 15, batchSize: 32, learningRate: 0.01, l2: 1e-4 };

describe("trainNetwork", () => {
  it("learns a separable rule", () => {
    const network = trainNetwork({ ...dataset(2000, 1), ...options, seed: 3 });
    const test = dataset(500, 2);
    let correct = 0;
    for (let i = 0; i < test.rows; i++) {
      const z = mlpForward(network, test.inputs.subarray(2 * i, 2 * i + 2));
      if (z > 0 === (test.labels[i] === 1)) correct++;
    }
    expect(correct / test.rows).toBeGreaterThan(0.9);
  });

  it("gives byte-identical weights for the same seed, different ones for another", () => {
    const data = dataset(500, 1);
    const a = mlpToBytes(trainNetwork({ ...data, ...options, seed: 3 }));
    const b = mlpToBytes(trainNetwork({ ...data, ...options, seed: 3 }));
    const c = mlpToBytes(trainNetwork({ ...data, ...options, seed: 4 }));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});
