import type { Mlp, MlpTopology } from "../../shared/risk/mlp";
import { mlpFromBytes, mlpToBytes } from "../../shared/risk/mlp";

export class EnsembleShapeError extends Error {
  override readonly name = "EnsembleShapeError";
}

/**
 * K networks of one shape as a single wider network whose output is the mean of their logits, exactly: the
 * first layer stacks their units side by side, deeper layers are block-diagonal (each member only reads its own
 * units), the output layer averages. So an ensemble ships in the same format, through the same forward pass, as
 * one network. Returns the float32-rounded network that is shipped.
 */
export function mergeEnsemble(members: readonly Mlp[]): Mlp {
  const first = members[0];
  if (!first) throw new EnsembleShapeError("an ensemble needs at least one network");
  const shape = JSON.stringify(first.topology);
  if (members.some((m) => JSON.stringify(m.topology) !== shape))
    throw new EnsembleShapeError("every member of an ensemble must have the same layer shapes");
  const K = members.length;
  const layers = first.topology.layers;
  const last = layers.length - 1;
  if (layers[last]!.units !== 1) throw new EnsembleShapeError("members must end in one logit");
  const topology: MlpTopology = {
    format: "vigil-mlp",
    layers: layers.map((layer, l) => ({
      inputs: l === 0 ? layer.inputs : layer.inputs * K,
      units: l === last ? 1 : layer.units * K,
      activation: layer.activation,
    })),
  };
  const kernels: Float64Array[] = [];
  const biases: Float64Array[] = [];
  layers.forEach((layer, l) => {
    const merged = topology.layers[l]!;
    const kernel = new Float64Array(merged.inputs * merged.units);
    const bias = new Float64Array(merged.units);
    members.forEach((member, k) => {
      const w = member.kernels[l]!;
      const b = member.biases[l]!;
      // Where member k's inputs and units sit in the merged layer.
      const rowOffset = l === 0 ? 0 : k * layer.inputs;
      const colOffset = l === last ? 0 : k * layer.units;
      const scale = l === last ? 1 / K : 1;
      for (let i = 0; i < layer.inputs; i++)
        for (let j = 0; j < layer.units; j++)
          kernel[(rowOffset + i) * merged.units + colOffset + j] = w[i * layer.units + j]! * scale;
      for (let j = 0; j < layer.units; j++) bias[colOffset + j] = bias[colOffset + j]! + b[j]! * scale;
    });
    kernels.push(kernel);
    biases.push(bias);
  });
  return mlpFromBytes(topology, mlpToBytes({ topology, kernels, biases }));
}
