import { type Address, BaseError, type PublicClient } from "viem";
import { simulateCalls } from "viem/actions";
import type { TransactionStep } from "../../shared/schemas/transactions";

export type SimulationResult =
  | { ok: true; gasUsed: bigint[]; blockNumber: bigint }
  | { ok: false; failedStep: number; revertReason: string; blockNumber: bigint | null };

function reasonOf(error: unknown): string {
  if (error instanceof BaseError) {
    const withReason = error.walk(
      (e) => e instanceof BaseError && "reason" in e && typeof e.reason === "string",
    );
    if (withReason && "reason" in withReason && typeof withReason.reason === "string")
      return withReason.reason;
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs the whole sequence in one simulated block on current state (eth_simulateV1): each step sees the state
 * the previous ones left, as it will when the user signs them in order. Transport failures throw (the caller
 * records them); a revert is a result, naming the step and the reason.
 */
export async function simulateSteps(
  client: PublicClient,
  from: Address,
  steps: readonly TransactionStep[],
): Promise<SimulationResult> {
  const { results, block } = await simulateCalls(client, {
    account: from,
    calls: steps.map((step) => ({ to: step.to, data: step.data, value: BigInt(step.value) })),
  });
  const blockNumber = block.number ?? null;
  const failed = results.findIndex((result) => result.status !== "success");
  if (failed >= 0) {
    const result = results[failed];
    const reason = result?.status === "failure" ? reasonOf(result.error) : "the call did not succeed";
    return { ok: false, failedStep: failed, revertReason: reason, blockNumber };
  }
  return { ok: true, gasUsed: results.map((r) => r.gasUsed), blockNumber: blockNumber ?? 0n };
}
