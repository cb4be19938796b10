import { readFileSync } from "node:fs";
import { type DevnetDeployment, devnetDeploymentSchema } from "../../shared/chains/devnet";
import type { DevnetCachePaths } from "./cache";

/** The deployment a build recorded, validated (a hand-edited or truncated info.json fails here, loudly). */
export function readDeployment(paths: DevnetCachePaths): DevnetDeployment {
  return devnetDeploymentSchema.parse(JSON.parse(readFileSync(paths.infoPath, "utf8")));
}
