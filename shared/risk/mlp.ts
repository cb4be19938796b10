/**
 * A small dense network evaluated in plain TypeScript: a few hundred multiply-adds per forecast, no tensor library
 * to load (the Worker bundle stays small and the first forecast pays no start-up). Training (ml/train/network.ts)
 * and serving both run this forward pass, on the same float32 weights.
 */
export interface MlpLayer {
  inputs: number;
  units: number;
  activation: "relu" | "linear";
}

/** model.json: the layer shapes; weights.bin holds, per layer, kernel (inputs × units, row-major) then bias. */
export interface MlpTopology {
  format: "vigil-mlp";
  layers: MlpLayer[];
}

export interface Mlp {
  topology: MlpTopology;
  /** Per layer: kernel[i·units + j] and bias[j]. */
  kernels: Float64Array[];
  biases: Float64Array[];
}

export class MlpShapeError extends Error {
  override readonly name = "MlpShapeError";
}

export function parameterCount(topology: MlpTopology): number {
  return topology.layers.reduce((s, l) => s + l.inputs * l.units + l.units, 0);
}

/** Reads little-endian float32 weights in the layout above; refuses a file of the wrong size. */
export function mlpFromBytes(topology: MlpTopology, bytes: Uint8Array): Mlp {
  const expected = parameterCount(topology) * 4;
  if (bytes.byteLength !== expected)
    throw new MlpShapeError(`weights hold ${bytes.byteLength} bytes, the topology needs ${expected}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  const read = (count: number) => {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++, offset += 4) out[i] = view.getFloat32(offset, true);
    return out;
  };
  const kernels: Float64Array[] = [];
  const biases: Float64Array[] = [];
  for (const layer of topology.layers) {
    kernels.push(read(layer.inputs * layer.units));
    biases.push(read(layer.units));
  }
  return { topology, kernels, biases };
}

/** The inverse of mlpFromBytes: weights rounded to float32, little-endian. */
export function mlpToBytes(mlp: Mlp): Uint8Array {
  const bytes = new Uint8Array(parameterCount(mlp.topology) * 4);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  const write = (values: Float64Array) => {
    for (const x of values) {
      view.setFloat32(offset, x, true);
      offset += 4;
    }
  };
  mlp.topology.layers.forEach((_, i) => {
    write(mlp.kernels[i]!);
    write(mlp.biases[i]!);
  });
  return bytes;
}

/** The network's output (a logit) for one standardised input row. */
export function mlpForward(mlp: Mlp, input: ArrayLike<number>): number {
  let current: ArrayLike<number> = input;
  mlp.topology.layers.forEach((layer, l) => {
    const kernel = mlp.kernels[l]!;
    const out = Float64Array.from(mlp.biases[l]!);
    for (let i = 0; i < layer.inputs; i++) {
      const x = current[i]!;
      if (x === 0) continue;
      const row = i * layer.units;
      for (let j = 0; j < layer.units; j++) out[j] = out[j]! + x * kernel[row + j]!;
    }
    if (layer.activation === "relu") for (let j = 0; j < layer.units; j++) out[j] = Math.max(0, out[j]!);
    current = out;
  });
  return current[0]!;
}
