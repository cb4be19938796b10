import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Abi, Address, Hex } from "viem";

/** Contract name -> artifact path inside @aave/deploy-v3/artifacts (core + periphery compiled together). */
const ARTIFACT_PATHS = {
  PoolAddressesProviderRegistry:
    "@aave/core-v3/contracts/protocol/configuration/PoolAddressesProviderRegistry.sol",
  PoolAddressesProvider: "@aave/core-v3/contracts/protocol/configuration/PoolAddressesProvider.sol",
  ACLManager: "@aave/core-v3/contracts/protocol/configuration/ACLManager.sol",
  AaveProtocolDataProvider: "@aave/core-v3/contracts/misc/AaveProtocolDataProvider.sol",
  AaveOracle: "@aave/core-v3/contracts/misc/AaveOracle.sol",
  Pool: "@aave/core-v3/contracts/protocol/pool/Pool.sol",
  PoolConfigurator: "@aave/core-v3/contracts/protocol/pool/PoolConfigurator.sol",
  DefaultReserveInterestRateStrategy:
    "@aave/core-v3/contracts/protocol/pool/DefaultReserveInterestRateStrategy.sol",
  AToken: "@aave/core-v3/contracts/protocol/tokenization/AToken.sol",
  VariableDebtToken: "@aave/core-v3/contracts/protocol/tokenization/VariableDebtToken.sol",
  StableDebtToken: "@aave/core-v3/contracts/protocol/tokenization/StableDebtToken.sol",
  SupplyLogic: "@aave/core-v3/contracts/protocol/libraries/logic/SupplyLogic.sol",
  BorrowLogic: "@aave/core-v3/contracts/protocol/libraries/logic/BorrowLogic.sol",
  LiquidationLogic: "@aave/core-v3/contracts/protocol/libraries/logic/LiquidationLogic.sol",
  EModeLogic: "@aave/core-v3/contracts/protocol/libraries/logic/EModeLogic.sol",
  BridgeLogic: "@aave/core-v3/contracts/protocol/libraries/logic/BridgeLogic.sol",
  FlashLoanLogic: "@aave/core-v3/contracts/protocol/libraries/logic/FlashLoanLogic.sol",
  PoolLogic: "@aave/core-v3/contracts/protocol/libraries/logic/PoolLogic.sol",
  ConfiguratorLogic: "@aave/core-v3/contracts/protocol/libraries/logic/ConfiguratorLogic.sol",
  UiPoolDataProviderV3: "@aave/periphery-v3/contracts/misc/UiPoolDataProviderV3.sol",
} as const;

export type AaveContractName = keyof typeof ARTIFACT_PATHS;

/** Hardhat artifact: linkReferences[sourceFile][libraryName] = byte offsets of the placeholders. */
export interface AaveArtifact {
  contractName: string;
  abi: Abi;
  bytecode: Hex;
  linkReferences: Record<string, Record<string, { start: number; length: number }[]>>;
}

export function artifactsRoot(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@aave/deploy-v3/package.json")), "artifacts");
}

export function loadAaveArtifact(name: AaveContractName): AaveArtifact {
  const file = join(artifactsRoot(), ARTIFACT_PATHS[name], `${name}.json`);
  return JSON.parse(readFileSync(file, "utf8")) as AaveArtifact;
}

/** Libraries an artifact needs linked, by name. */
export function requiredLibraries(artifact: AaveArtifact): string[] {
  return Object.values(artifact.linkReferences).flatMap((libs) => Object.keys(libs));
}

/**
 * Writes deployed library addresses over the `__$hash$__` placeholders at the offsets the artifact lists.
 * Throws if a needed library is missing or a placeholder is left, so a half-linked Pool never deploys.
 */
export function linkBytecode(artifact: AaveArtifact, libraries: Record<string, Address>): Hex {
  let code = artifact.bytecode.slice(2);
  for (const libs of Object.values(artifact.linkReferences)) {
    for (const [library, offsets] of Object.entries(libs)) {
      const address = libraries[library];
      if (!address) throw new Error(`${artifact.contractName}: library ${library} not deployed`);
      const hex = address.slice(2).toLowerCase();
      for (const { start, length } of offsets) {
        if (length !== 20) throw new Error(`${artifact.contractName}: unexpected link length ${length}`);
        code = code.slice(0, start * 2) + hex + code.slice((start + length) * 2);
      }
    }
  }
  if (code.includes("__$"))
    throw new Error(`${artifact.contractName}: unlinked placeholder left in bytecode`);
  return `0x${code}`;
}
