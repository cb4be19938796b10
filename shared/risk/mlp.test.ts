import { describe, expect, it } from "vitest";
import { type Mlp, MlpShapeError, mlpForward, mlpFromBytes, mlpToBytes } from "./mlp";

const tiny: Mlp = {
  topology: {
    format: "vigil-mlp",
    layers: [
      { inputs: 2, units: 2, activation: "relu" },
      { inputs: 2, units: 1, activation: "linear" },
    ],
  },
  // kernel[i·units + j]: input i → unit j
  kernels: [Float64Array.from([1, -1, 2, 0.5]), Float64Array.from([3, -2])],
  biases: [Float64Array.from([0, 0.25]), Float64Array.from([0.5])],
};

describe("mlpForward", () => {
  it("computes the dense ReLU layers by hand", () => {
    // x = (1, 2): hidden = relu(1·1 + 2·2 + 0, 1·(−1) + 2·0.5 + 0.25) = (5, 0.25); out = 3·5 − 2·0.25 + 0.5 = 15
    expect(mlpForward(tiny, [1, 2])).toBe(15);
    // x = (1, −1): hidden = relu(−1, −1.25) = (0, 0); out = 0.5
    expect(mlpForward(tiny, [1, -1])).toBe(0.5);
  });

  it("round-trips through float32 bytes and refuses bytes of the wrong size", () => {
    const bytes = mlpToBytes(tiny);
    expect(bytes.byteLength).toBe((4 + 2 + 2 + 1) * 4);
    expect(mlpForward(mlpFromBytes(tiny.topology, bytes), [1, 2])).toBe(15);
    expect(() => mlpFromBytes(tiny.topology, bytes.subarray(4))).toThrow(MlpShapeError);
  });
});
