import type { Address, PublicClient } from "viem";
import { poolErrorWords } from "../../shared/aave/poolErrors";
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
  /** `fix`: what the user can try, when the refusal says what went wrong (a known Aave revert, or any revert). */
  | { ok: false; reason: string; fix?: string };

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
    const step = `step ${simulation.failedStep + 1} (${steps[simulation.failedStep]?.description})`;
    const known = poolErrorWords(simulation.revertReason, plan.token.symbol);
    if (known)
      return {
        ok: false,
        reason: `${step} would fail because ${known.said} (${known.source})`,
        fix: known.fix,
      };
    return {
      ok: false,
      reason: `simulation reverted at ${step}: ${simulation.revertReason}`,
      // Not a reason we know: the user's own Aave app shows why when they try the same action there.
      fix: "try the same action in the Aave app to see why it fails; the rule tries again on every check",
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
