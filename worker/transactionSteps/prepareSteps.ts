import type { Address, PublicClient } from "viem";
import { checkSteps } from "../../shared/automation/checkSteps";
import type { ChainAllowlist } from "../../shared/chains/allowlist";
import type { TransactionStep } from "../../shared/schemas/transactions";
import { type ActionPlan, buildSteps } from "./buildSteps";
import { type GasQuote, gasQuote } from "./gasQuote";
import { type SimulationResult, simulateSteps } from "./simulateSteps";

/**
 * What the seed calls the "wallet service", named for what it does (it holds no key): builds the steps of an
 * action with viem, checks them against the chain's allowlist and bounds, simulates the whole sequence and prices
 * its gas. It never signs: the user's own wallet does, from the approval page.
 */
export interface PrepareRequest {
  client: PublicClient;
  allowlist: ChainAllowlist;
  user: Address;
  plan: ActionPlan;
  /** USD per ETH, to price gas. */
  ethUsd: number;
}

export type PrepareResult =
  | {
      ok: true;
      steps: TransactionStep[];
      simulation: Extract<SimulationResult, { ok: true }>;
      gas: GasQuote;
    }
  | { ok: false; reason: string };

export async function prepareSteps(request: PrepareRequest): Promise<PrepareResult> {
  const { client, allowlist, user, plan } = request;
  const steps = buildSteps(allowlist, user, plan);
  const problems = checkSteps(steps, allowlist, {
    user,
    maxAmount: new Map([[plan.token.address.toLowerCase(), plan.amount]]),
  });
  if (problems.length > 0)
    return { ok: false, reason: `refused by the safety checks: ${problems.join("; ")}` };
  const simulation = await simulateSteps(client, user, steps);
  if (!simulation.ok) {
    return {
      ok: false,
      reason: `simulation reverted at step ${simulation.failedStep + 1} (${steps[simulation.failedStep]?.description}): ${simulation.revertReason}`,
    };
  }
  const gas = await gasQuote(client, simulation.gasUsed, request.ethUsd);
  return {
    ok: true,
    steps: steps.map((step, i) => ({ ...step, gas: String(gas.gasLimits[i] ?? 0n) })),
    simulation,
    gas,
  };
}
