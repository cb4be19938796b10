import type { Mlp, MlpTopology } from "../../shared/risk/mlp";
import { mlpFromBytes, mlpToBytes } from "../../shared/risk/mlp";
import { createRng } from "../data/rng";

export interface TrainOptions {
  /** Standardised inputs, row-major (rows × columns). */
  inputs: Float64Array;
  labels: Uint8Array;
  rows: number;
  columns: number;
  hidden: readonly number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  seed: number;
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * Trains a ReLU MLP (columns → hidden… → 1 logit) on sigmoid cross-entropy with Adam, in plain float64
 * TypeScript: deterministic for a seed (seeded Glorot-uniform initialisation, seeded shuffle, sequential
 * arithmetic). The learning rate decays linearly to a tenth over the epochs. Returns the network rounded to the
 * float32 weights that are shipped, so what training evaluates is what the Worker runs.
 */
export function trainNetwork(options: TrainOptions): Mlp {
  const { columns, rows, batchSize } = options;
  const sizes = [columns, ...options.hidden, 1];
  const L = sizes.length - 1;
  const topology: MlpTopology = {
    format: "vigil-mlp",
    layers: Array.from({ length: L }, (_, l) => ({
      inputs: sizes[l]!,
      units: sizes[l + 1]!,
      activation: l === L - 1 ? ("linear" as const) : ("relu" as const),
    })),
  };
  const init = createRng(options.seed);
  const W = topology.layers.map((layer) => {
    const limit = Math.sqrt(6 / (layer.inputs + layer.units));
    return Float64Array.from({ length: layer.inputs * layer.units }, () => (init() * 2 - 1) * limit);
  });
  const B = topology.layers.map((layer) => new Float64Array(layer.units));
  const gW = W.map((w) => new Float64Array(w.length));
  const gB = B.map((b) => new Float64Array(b.length));
  const mW = W.map((w) => new Float64Array(w.length));
  const vW = W.map((w) => new Float64Array(w.length));
  const mB = B.map((b) => new Float64Array(b.length));
  const vB = B.map((b) => new Float64Array(b.length));
  const acts = sizes.map((s) => new Float64Array(s));
  const deltas = sizes.map((s) => new Float64Array(s));
  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;

  const rng = createRng(options.seed + 100);
  const order = Uint32Array.from({ length: rows }, (_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = rows - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    const lr = options.learningRate * (1 - (0.9 * epoch) / Math.max(1, options.epochs - 1));
    let lossSum = 0;
    for (let start = 0; start < rows; start += batchSize) {
      const end = Math.min(rows, start + batchSize);
      for (const g of gW) g.fill(0);
      for (const g of gB) g.fill(0);
      for (let b = start; b < end; b++) {
        const row = order[b]!;
        const a0 = acts[0]!;
        for (let i = 0; i < columns; i++) a0[i] = options.inputs[row * columns + i]!;
        for (let l = 0; l < L; l++) {
          const { inputs, units, activation } = topology.layers[l]!;
          const x = acts[l]!;
          const out = acts[l + 1]!;
          const w = W[l]!;
          out.set(B[l]!);
          for (let i = 0; i < inputs; i++) {
            const xi = x[i]!;
            if (xi === 0) continue;
            const r = i * units;
            for (let j = 0; j < units; j++) out[j] = out[j]! + xi * w[r + j]!;
          }
          if (activation === "relu") for (let j = 0; j < units; j++) if (out[j]! < 0) out[j] = 0;
        }
        const z = acts[L]![0]!;
        const y = options.labels[row]!;
        const p = 1 / (1 + Math.exp(-z));
        lossSum += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
        deltas[L]![0] = p - y;
        for (let l = L - 1; l >= 0; l--) {
          const { inputs, units } = topology.layers[l]!;
          const x = acts[l]!;
          const d = deltas[l + 1]!;
          const w = W[l]!;
          const gw = gW[l]!;
          const gb = gB[l]!;
          const dx = deltas[l]!;
          for (let j = 0; j < units; j++) gb[j] = gb[j]! + d[j]!;
          for (let i = 0; i < inputs; i++) {
            const xi = x[i]!;
            const r = i * units;
            if (l === 0) {
              for (let j = 0; j < units; j++) gw[r + j] = gw[r + j]! + xi * d[j]!;
              continue;
            }
            let back = 0;
            for (let j = 0; j < units; j++) {
              gw[r + j] = gw[r + j]! + xi * d[j]!;
              back += w[r + j]! * d[j]!;
            }
            // ReLU below: no gradient through units that were off (x = 0 there).
            dx[i] = xi <= 0 ? 0 : back;
          }
        }
      }
      step++;
      const n = end - start;
      const c1 = 1 - beta1 ** step;
      const c2 = 1 - beta2 ** step;
      const adam = (
        param: Float64Array,
        grad: Float64Array,
        m: Float64Array,
        v: Float64Array,
        decay: number,
      ) => {
        for (let k = 0; k < param.length; k++) {
          const g = grad[k]! / n + decay * param[k]!;
          m[k] = beta1 * m[k]! + (1 - beta1) * g;
          v[k] = beta2 * v[k]! + (1 - beta2) * g * g;
          param[k] = param[k]! - (lr * (m[k]! / c1)) / (Math.sqrt(v[k]! / c2) + 1e-8);
        }
      };
      for (let l = 0; l < L; l++) {
        adam(W[l]!, gW[l]!, mW[l]!, vW[l]!, options.l2);
        adam(B[l]!, gB[l]!, mB[l]!, vB[l]!, 0);
      }
    }
    options.onEpoch?.(epoch, lossSum / rows);
  }
  return mlpFromBytes(topology, mlpToBytes({ topology, kernels: W, biases: B }));
}
