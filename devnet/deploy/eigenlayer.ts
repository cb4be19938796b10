import type { Address } from "viem";
import { type CompiledContract, compiled } from "../contracts/compile";
import type { TxSender } from "./context";

export interface DeployedEigenLayer {
  strategyManager: Address;
  /** Strategy per underlying token symbol. */
  strategies: { wstETH: Address };
}

/** The devnet stand-in for EigenLayer (see devnet/contracts/Eigen*.sol): a StrategyManager and a wstETH strategy. */
export async function deployEigenLayer(
  deployer: TxSender,
  contracts: Record<string, CompiledContract>,
  wstETH: Address,
): Promise<DeployedEigenLayer> {
  const manager = compiled(contracts, "EigenStrategyManager");
  const strategy = compiled(contracts, "EigenStrategyBase");
  const strategyManager = await deployer.deploy(
    "EigenLayer StrategyManager (stand-in)",
    manager.abi,
    manager.bytecode,
  );
  const wstETHStrategy = await deployer.deploy(
    "EigenLayer wstETH strategy (stand-in)",
    strategy.abi,
    strategy.bytecode,
    [strategyManager, wstETH],
  );
  await deployer.write(
    "whitelist wstETH strategy",
    strategyManager,
    manager.abi,
    "addStrategiesToDepositWhitelist",
    [[wstETHStrategy]],
  );
  return { strategyManager, strategies: { wstETH: wstETHStrategy } };
}
