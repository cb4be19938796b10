import { type Address, decodeFunctionData, erc20Abi, type Hex, isAddressEqual } from "viem";
import { poolAbi, strategyManagerAbi } from "../../../shared/abis";
import { checkSteps } from "../../../shared/automation/checkSteps";
import { findChain } from "../../../shared/chains";
import { allowlistFor } from "../../../shared/chains/allowlist";

interface Step {
  chainId: number;
  to: Address;
  data: Hex;
  value: string;
}

/** The token and amount a Pool or StrategyManager step takes from the user, or null for any other call. */
function takes(step: Step): { token: Address; amount: bigint } | null {
  for (const abi of [poolAbi, strategyManagerAbi]) {
    try {
      const call = decodeFunctionData({ abi, data: step.data });
      const args = call.args as readonly unknown[];
      if (call.functionName === "repay" || call.functionName === "supply")
        return { token: args[0] as Address, amount: args[1] as bigint };
      if (call.functionName === "depositIntoStrategy")
        return { token: args[1] as Address, amount: args[2] as bigint };
    } catch {
      // not this ABI
    }
  }
  return null;
}

function approval(step: Step): { spender: Address; amount: bigint } | null {
  try {
    const call = decodeFunctionData({ abi: erc20Abi, data: step.data });
    return call.functionName === "approve" ? { spender: call.args[0], amount: call.args[1] } : null;
  } catch {
    return null;
  }
}

/**
 * What is wrong with a proposal's steps before any of them reaches the wallet: the shared checks the worker ran
 * when it built them (allowlisted contracts and functions, the user as the only beneficiary, no ETH), bounded by
 * what the steps take from the user, plus exact approvals: each approval is followed by the call that spends it,
 * for exactly that token and amount. The approval page refuses to sign on any problem: the proposal came from
 * the API, and the page does not take the API's word for what it asks the user to sign.
 */
export function proposalStepProblems(steps: readonly Step[], user: Address): string[] {
  const first = steps[0];
  if (!first) return ["the proposal has no steps"];
  const chain = findChain(first.chainId);
  if (!chain) return [`chain ${first.chainId} is not one Vigil knows`];
  const maxAmount = new Map<string, bigint>();
  for (const step of steps) {
    const taken = takes(step);
    if (!taken) continue;
    const key = taken.token.toLowerCase();
    maxAmount.set(key, (maxAmount.get(key) ?? 0n) + taken.amount);
  }
  const problems = checkSteps(steps, allowlistFor(chain), { user, maxAmount });
  steps.forEach((step, index) => {
    const approved = approval(step);
    if (!approved) return;
    const next = steps[index + 1];
    const spent = next ? takes(next) : null;
    const exact =
      next &&
      spent &&
      isAddressEqual(next.to, approved.spender) &&
      isAddressEqual(spent.token, step.to) &&
      spent.amount === approved.amount;
    if (!exact)
      problems.push(
        `step ${index + 1}: approves ${approved.amount}, not exactly what step ${index + 2} spends`,
      );
  });
  return problems;
}
