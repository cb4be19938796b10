import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { createRng } from "../data/rng";

export interface TrainOptions {
  inputs: Float32Array;
  labels: Float32Array;
  rows: number;
  columns: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  onBatch?: (epoch: number, batch: number, batches: number, loss: number) => void;
}

/**
 * A small MLP (inputs → 32 → 16 → 1 logit). Deterministic: seeded initialisers, no dropout, our own seeded
 * shuffle, trainOnBatch on the CPU backend (whose float32 kernels are sequential and therefore repeatable).
 */
export async function trainNetwork(options: TrainOptions): Promise<tfl.LayersModel> {
  await tf.setBackend("cpu");
  const { columns, seed } = options;
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [columns],
        units: 32,
        activation: "relu",
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
        kernelRegularizer: tfl.regularizers.l2({ l2: 1e-5 }),
      }),
      tfl.layers.dense({
        units: 16,
        activation: "relu",
        kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }),
        kernelRegularizer: tfl.regularizers.l2({ l2: 1e-5 }),
      }),
      tfl.layers.dense({ units: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 2 }) }),
    ],
  });
  model.compile({
    optimizer: tf.train.adam(options.learningRate),
    // The network outputs a logit; calibration later maps logits to probabilities.
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.sigmoidCrossEntropy(yTrue, yPred),
  });
  const rng = createRng(seed + 100);
  const order = Array.from({ length: options.rows }, (_, i) => i);
  const batches = Math.ceil(options.rows / options.batchSize);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let b = 0; b < batches; b++) {
      const idx = order.slice(b * options.batchSize, (b + 1) * options.batchSize);
      const x = new Float32Array(idx.length * columns);
      const y = new Float32Array(idx.length);
      idx.forEach((row, k) => {
        x.set(options.inputs.subarray(row * columns, (row + 1) * columns), k * columns);
        y[k] = options.labels[row]!;
      });
      const xs = tf.tensor2d(x, [idx.length, columns]);
      const ys = tf.tensor2d(y, [idx.length, 1]);
      const loss = (await model.trainOnBatch(xs, ys)) as number;
      xs.dispose();
      ys.dispose();
      options.onBatch?.(epoch, b, batches, loss);
    }
  }
  return model;
}

/** Raw logits for standardised inputs. */
export function predictLogits(
  model: tfl.LayersModel,
  inputs: Float32Array,
  rows: number,
  columns: number,
): Float32Array {
  return tf.tidy(
    () => (model.predict(tf.tensor2d(inputs, [rows, columns])) as tf.Tensor).dataSync() as Float32Array,
  );
}

export interface SavedArtifacts {
  modelTopology: unknown;
  weightSpecs: unknown[];
  weights: Uint8Array;
}

export async function exportArtifacts(model: tfl.LayersModel): Promise<SavedArtifacts> {
  let saved: SavedArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const parts = data === undefined ? [] : Array.isArray(data) ? data : [data];
      const total = parts.reduce((s, p) => s + p.byteLength, 0);
      const weights = new Uint8Array(total);
      let offset = 0;
      for (const part of parts) {
        weights.set(new Uint8Array(part), offset);
        offset += part.byteLength;
      }
      saved = { modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs ?? [], weights };
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: "JSON" } };
    }),
  );
  if (!saved) throw new Error("tfjs did not hand over the model artifacts");
  return saved;
}
