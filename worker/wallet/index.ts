import type { TransactionStep } from "../../shared/schemas/transactions";
import { NotImplementedError } from "../http/errors";

/**
 * The seed's "wallet service": builds and simulates transaction steps, never signs. Implemented by the automation
 * issue (6); until then every call fails with a typed 501 instead of inventing data.
 */
export interface WalletService {
  /** viem-encoded calls for an action, bounded by the rule's guards and the user's positions. */
  buildSteps(request: BuildStepsRequest): Promise<TransactionStep[]>;
  /** Simulates the whole sequence against current state (eth_simulateV1). */
  simulate(chainId: number, from: `0x${string}`, steps: TransactionStep[]): Promise<SimulationResult>;
}

export interface BuildStepsRequest {
  chainId: number;
  user: `0x${string}`;
  action: "rebalance" | "repay" | "supply_collateral";
  asset: string;
  /** Token units as a decimal string. */
  amount: string;
}

export type SimulationResult = { ok: true; gasUsed: string[] } | { ok: false; revertReason: string };

/** NOT YET IMPLEMENTED (issue 6). */
export const walletService: WalletService = {
  async buildSteps() {
    throw new NotImplementedError("Building transaction steps (wallet service, issue 6)");
  },
  async simulate() {
    throw new NotImplementedError("Simulating transactions (wallet service, issue 6)");
  },
};
