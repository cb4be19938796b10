// The local devnet (anvil + real Aave V3 + EigenLayer stand-in) built by devnet/. Its deployment is
// deterministic (fixed keys, nonces and timestamps), so the addresses below are facts of every build.
// The constant is generated: `npm run devnet -- info --write-shared`; a devnet test fails when it is stale.
import { type Address, defineChain } from "viem";
import { foundry } from "viem/chains";
import { z } from "zod";
import { ADDRESS_PATTERN } from "../schemas/addressPattern";
import type { ChainConfig } from "./types";

const addressSchema = z.custom<Address>(
  (value) => typeof value === "string" && ADDRESS_PATTERN.test(value),
  "expected a 0x-prefixed 20-byte hex address",
);

export const DEVNET_CHAIN_ID = 31337;
export const DEVNET_RESERVE_SYMBOLS = ["WETH", "wstETH", "USDC", "DAI", "LINK"] as const;
export type DevnetReserveSymbol = (typeof DEVNET_RESERVE_SYMBOLS)[number];
export const DEVNET_ACCOUNT_NAMES = [
  "deployer",
  "supplier",
  "borrower",
  "nearLiquidation",
  "restaker",
  "whale",
  "liquidator",
  "stableBorrower",
] as const;
export type DevnetAccountName = (typeof DEVNET_ACCOUNT_NAMES)[number];

export const devnetReserveSchema = z.object({
  symbol: z.enum(DEVNET_RESERVE_SYMBOLS),
  name: z.string(),
  decimals: z.number().int().min(0).max(36),
  underlying: addressSchema,
  aToken: addressSchema,
  variableDebtToken: addressSchema,
  stableDebtToken: addressSchema,
  interestRateStrategy: addressSchema,
  /** Settable Chainlink-style USD feed (8 decimals) that AaveOracle reads for this reserve. */
  aggregator: addressSchema,
});
export type DevnetReserve = z.infer<typeof devnetReserveSchema>;

export const devnetDeploymentSchema = z.object({
  chainId: z.literal(DEVNET_CHAIN_ID),
  /** Genesis time of the build; the state snapshot is a few hundred seconds later. */
  genesisTimestamp: z.number().int().positive(),
  /** Chain time when the state was dumped; a started devnet resumes from here. */
  snapshotTimestamp: z.number().int().positive(),
  contracts: z.object({
    poolAddressesProviderRegistry: addressSchema,
    poolAddressesProvider: addressSchema,
    pool: addressSchema,
    poolImpl: addressSchema,
    poolConfigurator: addressSchema,
    poolConfiguratorImpl: addressSchema,
    aclManager: addressSchema,
    aaveOracle: addressSchema,
    aaveProtocolDataProvider: addressSchema,
    uiPoolDataProviderV3: addressSchema,
    aTokenImpl: addressSchema,
    variableDebtTokenImpl: addressSchema,
    stableDebtTokenImpl: addressSchema,
    /** UiPoolDataProviderV3's market-reference feed: USD per USD, fixed at 1. */
    usdReferenceAggregator: addressSchema,
    multicall3: addressSchema,
    treasury: addressSchema,
  }),
  reserves: z.object({
    WETH: devnetReserveSchema,
    wstETH: devnetReserveSchema,
    USDC: devnetReserveSchema,
    DAI: devnetReserveSchema,
    LINK: devnetReserveSchema,
  }),
  /** Devnet stand-in with EigenLayer's mainnet interface (not EigenLayer's code). */
  eigenLayer: z.object({
    strategyManager: addressSchema,
    strategies: z.object({ wstETH: addressSchema }),
  }),
  accounts: z.object({
    deployer: addressSchema,
    supplier: addressSchema,
    borrower: addressSchema,
    nearLiquidation: addressSchema,
    restaker: addressSchema,
    whale: addressSchema,
    liquidator: addressSchema,
    stableBorrower: addressSchema,
  }),
});
export type DevnetDeployment = z.infer<typeof devnetDeploymentSchema>;

/** What `npm run devnet -- info` prints: the deployment plus where the running devnet answers. */
export const devnetInfoSchema = devnetDeploymentSchema.extend({ rpcUrl: z.url() });
export type DevnetInfo = z.infer<typeof devnetInfoSchema>;

// <generated: npm run devnet -- info --write-shared>
export const devnetDeployment = {
  chainId: 31337,
  genesisTimestamp: 1733094000,
  snapshotTimestamp: 1735689664,
  contracts: {
    poolAddressesProviderRegistry: "0xA51c1fc2f0D1a1b8494Ed1FE312d7C3a78Ed91C0",
    poolAddressesProvider: "0x0DCd1Bf9A1b36cE34237eEaFef220932846BCD82",
    pool: "0x32467b43BFa67273FC7dDda0999Ee9A12F2AaA08",
    poolImpl: "0x4A679253410272dd5232B3Ff7cF5dbB88f295319",
    poolConfigurator: "0x4ABEaCA4b05d8fA4CED09D26aD28Ea298E8afaC8",
    poolConfiguratorImpl: "0xc5a5C42992dECbae36851359345FE25997F5C42d",
    aclManager: "0x84eA74d481Ee0A5332c457a4d796187F6Ba67fEB",
    aaveOracle: "0x851356ae760d987E095750cCeb3bC6014560891C",
    aaveProtocolDataProvider: "0x0B306BF915C4d645ff596e518fAf3F9669b97016",
    uiPoolDataProviderV3: "0xD84379CEae14AA33C123Af12424A37803F885889",
    aTokenImpl: "0x95401dc811bb5740090279Ba06cfA8fcF6113778",
    variableDebtTokenImpl: "0x998abeb3E57409262aE5b751f60747921B33613E",
    stableDebtTokenImpl: "0x70e0bA845a1A0F2DA3359C97E0285013525FFC49",
    usdReferenceAggregator: "0xB7f8BC63BbcaD18155201308C8f3540b07f84F5e",
    multicall3: "0xcA11bde05977b3631167028862bE2a173976CA11",
    treasury: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  },
  reserves: {
    WETH: {
      symbol: "WETH",
      name: "Wrapped Ether",
      decimals: 18,
      underlying: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
      aToken: "0xEE472dF1E99f927FE857f15299Ed48786e0A11a6",
      variableDebtToken: "0x393EA99CcF0F229971D795B4A706251bf7877ecf",
      stableDebtToken: "0x8EbE14daD4ef961913065dC2820d5B0B7819Bb75",
      interestRateStrategy: "0x4826533B4897376654Bb4d4AD88B7faFD0C98528",
      aggregator: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
    },
    wstETH: {
      symbol: "wstETH",
      name: "Wrapped liquid staked Ether 2.0",
      decimals: 18,
      underlying: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
      aToken: "0xDfDE088A5eb0E8Cac3ade8fe410ce3Ba4E795D70",
      variableDebtToken: "0x71f97Ce172112518FC76dd76d7f18264E55E4ee5",
      stableDebtToken: "0xC68356a2938370EF5588855F29B5bb5569e02e61",
      interestRateStrategy: "0x99bbA657f2BbC93c02D617f8bA121cB8Fc104Acf",
      aggregator: "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9",
    },
    USDC: {
      symbol: "USDC",
      name: "USD Coin",
      decimals: 6,
      underlying: "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
      aToken: "0xC421c82DA83B46E2576F37ae91eCA63CDFAB843f",
      variableDebtToken: "0x35314B6C032BE685450c6ca7091c6d30D2360724",
      stableDebtToken: "0x5CA2ae3505a1A9ddaaa98D57d2828E261aBd49F5",
      interestRateStrategy: "0x0E801D84Fa97b50751Dbf25036d067dCf18858bF",
      aggregator: "0x0165878A594ca255338adfa4d48449f69242Eb8F",
    },
    DAI: {
      symbol: "DAI",
      name: "Dai Stablecoin",
      decimals: 18,
      underlying: "0xa513E6E4b8f2a923D98304ec87F64353C4D5C853",
      aToken: "0x4bD1eE1C7572f28cfAe74498d142a8094De6262D",
      variableDebtToken: "0xf208EC1f92cee7F84a55705A9cd0B01FE6a94866",
      stableDebtToken: "0x03cea1b42ae7673aFa1ad8d2Ceedf6cD493Bc777",
      interestRateStrategy: "0x8f86403A4DE0BB5791fa46B8e795C547942fE4Cf",
      aggregator: "0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6",
    },
    LINK: {
      symbol: "LINK",
      name: "ChainLink Token",
      decimals: 18,
      underlying: "0x8A791620dd6260079BF849Dc5567aDC3F2FdC318",
      aToken: "0x2A243De28C1a93Fbd5cacE690Ab9abeD5da1A3Ac",
      variableDebtToken: "0x90Dc5B9860abf38f2F48c7007A09B8d4c01c208A",
      stableDebtToken: "0xd03377D3540d4D4038807E154f725652272DCb1d",
      interestRateStrategy: "0x9d4454B023096f34B160D6B654540c56A1F81688",
      aggregator: "0x610178dA211FEF7D417bC0e6FeD39F05609AD788",
    },
  },
  eigenLayer: {
    strategyManager: "0x2B0d36FACD61B71CC05ab8F3D2355ec3631C0dd5",
    strategies: {
      wstETH: "0xfbC22278A96299D91d41C453234d97b4F5Eb9B2d",
    },
  },
  accounts: {
    deployer: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    supplier: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    borrower: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    nearLiquidation: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
    restaker: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
    whale: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
    liquidator: "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
    stableBorrower: "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
  },
} as const satisfies DevnetDeployment;
// </generated>

/** viem chain for the devnet: anvil's chain plus Multicall3 (installed at its canonical address by the build). */
export const devnetChain = defineChain({
  ...foundry,
  id: DEVNET_CHAIN_ID,
  name: "Vigil devnet",
  contracts: { multicall3: { address: devnetDeployment.contracts.multicall3, blockCreated: 1 } },
});

/** The devnet in the shape every chain has (see ./types), for the chain registry. */
export const devnetChainConfig: ChainConfig = {
  chainId: DEVNET_CHAIN_ID,
  name: "Vigil devnet (anvil)",
  aave: {
    poolAddressesProvider: devnetDeployment.contracts.poolAddressesProvider,
    pool: devnetDeployment.contracts.pool,
    oracle: devnetDeployment.contracts.aaveOracle,
    uiPoolDataProvider: devnetDeployment.contracts.uiPoolDataProviderV3,
  },
  eigenLayer: {
    strategyManager: devnetDeployment.eigenLayer.strategyManager,
    strategies: [{ strategy: devnetDeployment.eigenLayer.strategies.wstETH, underlyingSymbol: "wstETH" }],
  },
  tokens: DEVNET_RESERVE_SYMBOLS.map((symbol) => ({
    symbol,
    address: devnetDeployment.reserves[symbol].underlying,
    decimals: devnetDeployment.reserves[symbol].decimals,
    priceAsset: symbol === "WETH" ? "ETH" : symbol,
  })),
  isDevnet: true,
};
