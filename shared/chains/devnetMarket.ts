import type { DevnetDeployment } from "./devnet";
import type { AaveMarketAddresses } from "./types";

/** The Aave market addresses of a devnet deployment (e.g. the `info` of a devnet a test just started). */
export function aaveMarketOf(deployment: DevnetDeployment): AaveMarketAddresses {
  return {
    poolAddressesProvider: deployment.contracts.poolAddressesProvider,
    pool: deployment.contracts.pool,
    oracle: deployment.contracts.aaveOracle,
    uiPoolDataProvider: deployment.contracts.uiPoolDataProviderV3,
  };
}
