import type { DevnetDeployment } from "../shared/chains/devnet";
import { type DevnetClients, devnetClients } from "./deploy/context";

/** What every scenario action needs: where the devnet answers, viem clients on it, and its deployment. */
export interface DevnetSession {
  rpcUrl: string;
  clients: DevnetClients;
  info: DevnetDeployment;
}

export function devnetSession(rpcUrl: string, info: DevnetDeployment): DevnetSession {
  return { rpcUrl, clients: devnetClients(rpcUrl), info };
}
