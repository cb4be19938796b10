export { aaveOracleAbi } from "./aaveOracle";
export { aggregatorAbi } from "./aggregator";
export { strategyAbi, strategyManagerAbi } from "./eigenLayer";
export { multicall3BlockAbi } from "./multicall3";
export { poolAbi } from "./pool";
export { uiPoolDataProviderV3Abi } from "./uiPoolDataProviderV3";
