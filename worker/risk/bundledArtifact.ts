import meta from "../../ml/model/meta.json" with { type: "json" };
import modelJson from "../../ml/model/model.json" with { type: "json" };
import { WEIGHTS_BASE64 } from "../../ml/model/weights.generated";
import { base64ToBytes } from "../../shared/risk/base64";
import type { MlpTopology } from "../../shared/risk/mlp";
import type { RiskModelArtifact, RiskModelMeta } from "../../shared/risk/model";

/**
 * The committed model, bundled into the Worker: JSON through the bundler's JSON loader, the weights as base64 in a
 * generated module (workerd has no filesystem). Only reached through a dynamic import, so it is parsed on the
 * first forecast, not at Worker start.
 */
export function bundledRiskArtifact(): RiskModelArtifact {
  return {
    modelJson: modelJson as MlpTopology,
    weights: base64ToBytes(WEIGHTS_BASE64),
    meta: meta as RiskModelMeta,
  };
}
