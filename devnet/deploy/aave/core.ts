import type { Address } from "viem";
import type { TxSender } from "../context";
import { type AaveContractName, linkBytecode, loadAaveArtifact } from "./artifacts";

export interface AaveCore {
  poolAddressesProviderRegistry: Address;
  poolAddressesProvider: Address;
  aclManager: Address;
  aaveProtocolDataProvider: Address;
  pool: Address;
  poolImpl: Address;
  poolConfigurator: Address;
  poolConfiguratorImpl: Address;
  libraries: Record<string, Address>;
}

export const MARKET_ID = "Vigil Devnet Market";

async function deployPlain(deployer: TxSender, name: AaveContractName, args: readonly unknown[] = []) {
  const artifact = loadAaveArtifact(name);
  return deployer.deploy(name, artifact.abi, linkBytecode(artifact, {}), args);
}

/**
 * The logic libraries Pool and PoolConfigurator delegate to. FlashLoanLogic itself links BorrowLogic, so order
 * matters: each library is linked against those deployed before it.
 */
async function deployLibraries(deployer: TxSender): Promise<Record<string, Address>> {
  const order: AaveContractName[] = [
    "SupplyLogic",
    "BorrowLogic",
    "LiquidationLogic",
    "EModeLogic",
    "BridgeLogic",
    "FlashLoanLogic",
    "PoolLogic",
    "ConfiguratorLogic",
  ];
  const libraries: Record<string, Address> = {};
  for (const name of order) {
    const artifact = loadAaveArtifact(name);
    libraries[name] = await deployer.deploy(name, artifact.abi, linkBytecode(artifact, libraries));
  }
  return libraries;
}

/** Addresses provider, ACL, Pool and PoolConfigurator (behind the provider's proxies), data provider. */
export async function deployAaveCore(deployer: TxSender): Promise<AaveCore> {
  const admin = deployer.address;
  const registryArtifact = loadAaveArtifact("PoolAddressesProviderRegistry");
  const providerArtifact = loadAaveArtifact("PoolAddressesProvider");
  const aclArtifact = loadAaveArtifact("ACLManager");

  const poolAddressesProviderRegistry = await deployPlain(deployer, "PoolAddressesProviderRegistry", [admin]);
  const poolAddressesProvider = await deployPlain(deployer, "PoolAddressesProvider", [MARKET_ID, admin]);
  await deployer.write(
    "register addresses provider",
    poolAddressesProviderRegistry,
    registryArtifact.abi,
    "registerAddressesProvider",
    [poolAddressesProvider, 1n],
  );

  const aaveProtocolDataProvider = await deployPlain(deployer, "AaveProtocolDataProvider", [
    poolAddressesProvider,
  ]);
  await deployer.write(
    "set data provider",
    poolAddressesProvider,
    providerArtifact.abi,
    "setPoolDataProvider",
    [aaveProtocolDataProvider],
  );

  const libraries = await deployLibraries(deployer);

  const poolArtifact = loadAaveArtifact("Pool");
  const poolImpl = await deployer.deploy(
    "Pool (impl)",
    poolArtifact.abi,
    linkBytecode(poolArtifact, libraries),
    [poolAddressesProvider],
  );
  // Initialise the bare implementation too, as Aave's deploy scripts do, so nobody else can.
  await deployer.write("init Pool impl", poolImpl, poolArtifact.abi, "initialize", [poolAddressesProvider]);
  await deployer.write("set Pool impl", poolAddressesProvider, providerArtifact.abi, "setPoolImpl", [
    poolImpl,
  ]);

  const configuratorArtifact = loadAaveArtifact("PoolConfigurator");
  const poolConfiguratorImpl = await deployer.deploy(
    "PoolConfigurator (impl)",
    configuratorArtifact.abi,
    linkBytecode(configuratorArtifact, libraries),
  );
  await deployer.write(
    "init PoolConfigurator impl",
    poolConfiguratorImpl,
    configuratorArtifact.abi,
    "initialize",
    [poolAddressesProvider],
  );
  await deployer.write(
    "set PoolConfigurator impl",
    poolAddressesProvider,
    providerArtifact.abi,
    "setPoolConfiguratorImpl",
    [poolConfiguratorImpl],
  );

  await deployer.write("set ACL admin", poolAddressesProvider, providerArtifact.abi, "setACLAdmin", [admin]);
  const aclManager = await deployPlain(deployer, "ACLManager", [poolAddressesProvider]);
  await deployer.write("set ACL manager", poolAddressesProvider, providerArtifact.abi, "setACLManager", [
    aclManager,
  ]);
  await deployer.write("add pool admin", aclManager, aclArtifact.abi, "addPoolAdmin", [admin]);
  await deployer.write("add emergency admin", aclManager, aclArtifact.abi, "addEmergencyAdmin", [admin]);

  const { publicClient } = deployer;
  const pool = (await publicClient.readContract({
    address: poolAddressesProvider,
    abi: providerArtifact.abi,
    functionName: "getPool",
  })) as Address;
  const poolConfigurator = (await publicClient.readContract({
    address: poolAddressesProvider,
    abi: providerArtifact.abi,
    functionName: "getPoolConfigurator",
  })) as Address;

  return {
    poolAddressesProviderRegistry,
    poolAddressesProvider,
    aclManager,
    aaveProtocolDataProvider,
    pool,
    poolImpl,
    poolConfigurator,
    poolConfiguratorImpl,
    libraries,
  };
}
