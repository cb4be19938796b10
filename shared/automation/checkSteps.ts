import { type Address, decodeFunctionData, erc20Abi, type Hex } from "viem";
import { poolAbi, strategyManagerAbi } from "../abis";
import { ALLOWED_FUNCTIONS, type ChainAllowlist } from "../chains/allowlist";

/** A step as the wallet service built it (what the checks need of it). */
export interface CheckedStep {
  chainId: number;
  to: Address;
  data: Hex;
  value: string;
}

export interface StepBounds {
  user: Address;
  /** Largest token units a step may move, per lower-cased token address. Tokens not listed may not move. */
  maxAmount: ReadonlyMap<string, bigint>;
}

const lower = (address: string) => address.toLowerCase();

/**
 * The safety net between building and proposing: every step must call an allowlisted contract and function,
 * name only the user as beneficiary (onBehalfOf / to), approve only the Pool or the StrategyManager, send no
 * ETH, and move at most the bound of its token. Returns what is wrong, one line per problem (empty = safe).
 */
export function checkSteps(
  steps: readonly CheckedStep[],
  allowlist: ChainAllowlist,
  bounds: StepBounds,
): string[] {
  const problems: string[] = [];
  const user = lower(bounds.user);
  steps.forEach((step, index) => {
    const at = `step ${index + 1}`;
    const problem = (text: string) => problems.push(`${at}: ${text}`);
    if (step.chainId !== allowlist.chainId) problem(`is for chain ${step.chainId}, not ${allowlist.chainId}`);
    if (step.value !== "0") problem("must not send ETH");
    const withinBound = (token: string, amount: bigint) => {
      const max = bounds.maxAmount.get(lower(token));
      if (max === undefined) problem(`moves ${token}, which this proposal may not move`);
      else if (amount > max) problem(`moves ${amount} units of ${token}, more than the bound ${max}`);
    };
    const to = lower(step.to);
    try {
      if (allowlist.pool && to === lower(allowlist.pool)) {
        const call = decodeFunctionData({ abi: poolAbi, data: step.data });
        if (!(ALLOWED_FUNCTIONS.pool as readonly string[]).includes(call.functionName)) {
          problem(`Pool.${call.functionName} is not allowed`);
          return;
        }
        const args = call.args as readonly unknown[];
        const [asset, amount] = args as [Address, bigint];
        const beneficiary = (call.functionName === "repay" ? args[3] : args[2]) as Address;
        if (!allowlist.tokens.has(lower(asset))) problem(`asset ${asset} is not a configured token`);
        if (lower(beneficiary) !== user) problem(`${call.functionName} names ${beneficiary}, not the user`);
        withinBound(asset, amount);
        return;
      }
      if (allowlist.strategyManager && to === lower(allowlist.strategyManager)) {
        const call = decodeFunctionData({ abi: strategyManagerAbi, data: step.data });
        if (call.functionName !== "depositIntoStrategy") {
          problem(`StrategyManager.${call.functionName} is not allowed`);
          return;
        }
        const [strategy, token, amount] = call.args;
        const takes = allowlist.strategies.get(lower(strategy));
        if (!takes) problem(`strategy ${strategy} is not configured`);
        else if (lower(takes.address) !== lower(token))
          problem(`strategy ${strategy} does not take ${token}`);
        withinBound(token, amount);
        return;
      }
      if (allowlist.tokens.has(to)) {
        const call = decodeFunctionData({ abi: erc20Abi, data: step.data });
        if (call.functionName !== "approve") {
          problem(`token.${call.functionName} is not allowed`);
          return;
        }
        const [spender, amount] = call.args;
        if (!allowlist.spenders.has(lower(spender))) problem(`approves ${spender}, which is not allowlisted`);
        withinBound(step.to, amount);
        return;
      }
      problem(`calls ${step.to}, which is not an allowlisted contract`);
    } catch {
      problem(`calldata for ${step.to} does not decode as an allowlisted function`);
    }
  });
  return problems;
}
