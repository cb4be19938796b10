import { type Address, encodeFunctionData, erc20Abi } from "viem";
import { poolAbi, strategyManagerAbi } from "../../shared/abis";
import { type ChainAllowlist, strategyFor } from "../../shared/chains/allowlist";
import type { TokenConfig } from "../../shared/chains/types";
import type { TransactionStep } from "../../shared/schemas/transactions";
import { formatTokenUnits } from "../../shared/words/tokenAmount";

/** Aave's interestRateMode for variable-rate debt (the only mode Aave 3.1+ has). */
const VARIABLE_RATE_MODE = 2n;

/** One action with its amount, decided by the automation loop. */
export interface ActionPlan {
  action: "rebalance" | "repay" | "supply_collateral";
  token: TokenConfig;
  /** Token units. */
  amount: bigint;
}

/** "7,322.7425 DAI": the same words for an amount as every other screen (shared/words/tokenAmount). */
function whole(amount: bigint, token: TokenConfig): string {
  return formatTokenUnits(amount, token.decimals, token.symbol);
}

/**
 * The calls the user's wallet signs, in order, encoded with viem (never signed here):
 *   rebalance         = Pool.withdraw(asset, amount, user) → approve(StrategyManager) → depositIntoStrategy
 *   repay             = approve(Pool) → Pool.repay(asset, amount, variable, user)
 *   supply_collateral = approve(Pool) → Pool.supply(asset, amount, user, 0)
 */
export function buildSteps(allowlist: ChainAllowlist, user: Address, plan: ActionPlan): TransactionStep[] {
  const { token, amount } = plan;
  const step = (to: Address, data: `0x${string}`, description: string): TransactionStep => ({
    chainId: allowlist.chainId,
    to,
    data,
    value: "0",
    description,
  });
  const pool = allowlist.pool;
  if (!pool) throw new Error(`chain ${allowlist.chainId} has no Aave Pool`);
  const approve = (spender: Address, name: string) =>
    step(
      token.address,
      encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [spender, amount] }),
      `Allow ${name} to take ${whole(amount, token)}`,
    );
  switch (plan.action) {
    case "repay":
      return [
        approve(pool, "the Aave Pool"),
        step(
          pool,
          encodeFunctionData({
            abi: poolAbi,
            functionName: "repay",
            args: [token.address, amount, VARIABLE_RATE_MODE, user],
          }),
          `Repay ${whole(amount, token)} of your Aave debt`,
        ),
      ];
    case "supply_collateral":
      return [
        approve(pool, "the Aave Pool"),
        step(
          pool,
          encodeFunctionData({
            abi: poolAbi,
            functionName: "supply",
            args: [token.address, amount, user, 0],
          }),
          `Supply ${whole(amount, token)} to Aave as collateral`,
        ),
      ];
    case "rebalance": {
      const manager = allowlist.strategyManager;
      const strategy = strategyFor(allowlist, token.address);
      if (!manager || !strategy)
        throw new Error(`chain ${allowlist.chainId} has no EigenLayer strategy for ${token.symbol}`);
      return [
        step(
          pool,
          encodeFunctionData({ abi: poolAbi, functionName: "withdraw", args: [token.address, amount, user] }),
          `Withdraw ${whole(amount, token)} from Aave`,
        ),
        approve(manager, "EigenLayer's StrategyManager"),
        step(
          manager,
          encodeFunctionData({
            abi: strategyManagerAbi,
            functionName: "depositIntoStrategy",
            args: [strategy, token.address, amount],
          }),
          `Restake ${whole(amount, token)} in EigenLayer`,
        ),
      ];
    }
  }
}

export { whole as formatTokenAmount };
