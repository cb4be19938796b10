import { type DevnetDeployment, devnetDeploymentSchema } from "../../shared/chains/devnet";
import { compileDevnetContracts } from "../contracts/compile";
import { ACCOUNT_NAMES, devnetAccounts } from "../seed/accounts";
import { deployAaveCore } from "./aave/core";
import { deployAaveOracle } from "./aave/oracle";
import { deployUiPoolDataProvider } from "./aave/periphery";
import { deployTokenImplementations, initAndConfigureReserves } from "./aave/reserves";
import { createTxSender, type DevnetClients } from "./context";
import { deployEigenLayer } from "./eigenlayer";
import { MARKET } from "./market";
import { installMulticall3 } from "./multicall3";
import { deployTokens, deployUsdReferenceFeed } from "./tokens";

export interface DeployResult {
  deployment: Omit<DevnetDeployment, "snapshotTimestamp">;
  contractsDeployed: number;
}

/** Deploys everything from anvil account 0 onto a fresh chain, in a fixed order (so addresses repeat). */
export async function deployAll(
  clients: DevnetClients,
  rpcUrl: string,
  genesisTimestamp: number,
  log: (line: string) => void,
): Promise<DeployResult> {
  const deployer = createTxSender(clients, devnetAccounts.deployer.privateKey);
  const treasury = deployer.address;
  log("compiling devnet contracts (solc)");
  const contracts = compileDevnetContracts();

  log("deploying Multicall3, tokens and price feeds");
  const multicall3 = await installMulticall3(clients, deployer, rpcUrl);
  const tokens = await deployTokens(deployer, contracts);
  const usdReferenceAggregator = await deployUsdReferenceFeed(deployer, contracts);

  log("deploying Aave V3 core (linked libraries, Pool, PoolConfigurator, ACL)");
  const core = await deployAaveCore(deployer);
  const aaveOracle = await deployAaveOracle(deployer, core.poolAddressesProvider, tokens);
  const impls = await deployTokenImplementations(deployer, core.pool);
  log("initialising and configuring reserves");
  const reserves = await initAndConfigureReserves(deployer, core, impls, tokens, treasury);
  const uiPoolDataProviderV3 = await deployUiPoolDataProvider(
    deployer,
    tokens.WETH.aggregator,
    usdReferenceAggregator,
  );

  log("deploying the EigenLayer stand-in");
  const eigenLayer = await deployEigenLayer(deployer, contracts, tokens.wstETH.address);

  const deployment = {
    chainId: 31337 as const,
    genesisTimestamp,
    contracts: {
      poolAddressesProviderRegistry: core.poolAddressesProviderRegistry,
      poolAddressesProvider: core.poolAddressesProvider,
      pool: core.pool,
      poolImpl: core.poolImpl,
      poolConfigurator: core.poolConfigurator,
      poolConfiguratorImpl: core.poolConfiguratorImpl,
      aclManager: core.aclManager,
      aaveOracle,
      aaveProtocolDataProvider: core.aaveProtocolDataProvider,
      uiPoolDataProviderV3,
      aTokenImpl: impls.aTokenImpl,
      variableDebtTokenImpl: impls.variableDebtTokenImpl,
      stableDebtTokenImpl: impls.stableDebtTokenImpl,
      usdReferenceAggregator,
      multicall3,
      treasury,
    },
    reserves: Object.fromEntries(
      MARKET.map((r) => [
        r.symbol,
        {
          symbol: r.symbol,
          name: r.name,
          decimals: r.decimals,
          underlying: tokens[r.symbol].address,
          aggregator: tokens[r.symbol].aggregator,
          ...reserves[r.symbol],
        },
      ]),
    ) as DevnetDeployment["reserves"],
    eigenLayer,
    accounts: Object.fromEntries(
      ACCOUNT_NAMES.map((n) => [n, devnetAccounts[n].address]),
    ) as DevnetDeployment["accounts"],
  };
  // Validate our own output against the shared schema before anyone relies on it.
  devnetDeploymentSchema.omit({ snapshotTimestamp: true }).parse(deployment);
  // Sent from the deployer, plus what contracts created: Multicall3's canonical copy, the provider's Pool and
  // PoolConfigurator proxies, and three token proxies (a, variable, stable debt) per reserve.
  const contractsDeployed = deployer.deployedCount + 1 + 2 + 3 * MARKET.length;
  return { deployment, contractsDeployed };
}
