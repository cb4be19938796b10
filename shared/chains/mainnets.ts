import type { ChainConfig } from "./types";

// Public deployments, as facts (Aave address book, EigenLayer docs). The UiPoolDataProviderV3 addresses are
// the V3.0-ABI deployments whose struct Vigil decodes (shared/abis/uiPoolDataProviderV3.ts); Aave's newer
// providers (3.2+) drop the stable-debt fields, so a market upgraded past that needs the newer ABI.
// Only the devnet is exercised by tests here: this workplace has no route to these networks.

const ethereumTokens = [
  { symbol: "WETH", address: "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", decimals: 18, priceAsset: "ETH" },
  {
    symbol: "wstETH",
    address: "0x7f39C581F595B53c5cb19bD0b3f8dA6c935E2Ca0",
    decimals: 18,
    priceAsset: "wstETH",
  },
  { symbol: "WBTC", address: "0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599", decimals: 8, priceAsset: "BTC" },
  { symbol: "USDC", address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", decimals: 6, priceAsset: "USDC" },
  { symbol: "USDT", address: "0xdAC17F958D2ee523a2206206994597C13D831ec7", decimals: 6, priceAsset: "USDT" },
  { symbol: "DAI", address: "0x6B175474E89094C44Da98b954EedeAC495271d0F", decimals: 18, priceAsset: "DAI" },
  { symbol: "LINK", address: "0x514910771AF9Ca656af840dff83E8264EcF986CA", decimals: 18, priceAsset: "LINK" },
  {
    symbol: "stETH",
    address: "0xae7ab96520DE3A18E5e111B5EaAb095312D7fE84",
    decimals: 18,
    priceAsset: "stETH",
  },
] as const;

export const ethereum: ChainConfig = {
  chainId: 1,
  blockTimeSeconds: 12,
  name: "Ethereum",
  explorerUrl: "https://etherscan.io",
  aave: {
    poolAddressesProvider: "0x2f39d218133AFaB8F2B819B1066c7E434Ad94E9e",
    pool: "0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2",
    oracle: "0x54586bE62E3c3580375aE3723C145253060Ca0C2",
    uiPoolDataProvider: "0x91c0eA31b49B69Ea18607702c5d9aC360bf3dE7d",
  },
  eigenLayer: {
    strategyManager: "0x858646372CC42E1A627fcE94aa7A7033e7CF075A",
    delegationManager: "0x39053D51B77DC0d36036Fc1fCc8Cb819df8Ef37A",
    strategies: [
      { strategy: "0x93c4b944D05dfe6df7645A86cd2206016c51564D", underlyingSymbol: "stETH" },
      { strategy: "0x1BeE69b7dFFfA4E2d53C2a2Df135C388AD25dCD2", underlyingSymbol: "rETH" },
      { strategy: "0x54945180dB7943c0ed0FEE7EdaB2Bd24620256bc", underlyingSymbol: "cbETH" },
    ],
  },
  tokens: ethereumTokens,
  isDevnet: false,
};

// Arbitrum, Optimism and Polygon share the addresses of Aave's deterministic V3 deployment.
const sharedL2Market = {
  poolAddressesProvider: "0xa97684ead0e402dC232d5A977953DF7ECBaB3CDb",
  pool: "0x794a61358D6845594F94dc1DB02A252b5b4814aD",
} as const;

export const arbitrum: ChainConfig = {
  chainId: 42161,
  blockTimeSeconds: 0.25,
  name: "Arbitrum One",
  explorerUrl: "https://arbiscan.io",
  aave: {
    ...sharedL2Market,
    oracle: "0xb56c2F0B653B2e0b10C9b928C8580Ac5Df02C7C7",
    uiPoolDataProvider: "0x5c5228aC8BC1528482514aF3e27E692495148717",
  },
  eigenLayer: null,
  tokens: [
    {
      symbol: "WETH",
      address: "0x82aF49447D8a07e3bd95BD0d56f35241523fBab1",
      decimals: 18,
      priceAsset: "ETH",
    },
    {
      symbol: "USDC",
      address: "0xaf88d065e77c8cC2239327C5EDb3A432268e5831",
      decimals: 6,
      priceAsset: "USDC",
    },
    {
      symbol: "LINK",
      address: "0xf97f4df75117a78c1A5a0DBb814Af92458539FB4",
      decimals: 18,
      priceAsset: "LINK",
    },
  ],
  isDevnet: false,
};

export const optimism: ChainConfig = {
  chainId: 10,
  blockTimeSeconds: 2,
  name: "OP Mainnet",
  explorerUrl: "https://optimistic.etherscan.io",
  aave: {
    ...sharedL2Market,
    oracle: "0xD81eb3728a631871a7eBBaD631b5f424909f0c77",
    uiPoolDataProvider: "0xbd83DdBE37fc91923d59C8c1E0bDe0CccCa332d5",
  },
  eigenLayer: null,
  tokens: [
    {
      symbol: "WETH",
      address: "0x4200000000000000000000000000000000000006",
      decimals: 18,
      priceAsset: "ETH",
    },
    {
      symbol: "USDC",
      address: "0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85",
      decimals: 6,
      priceAsset: "USDC",
    },
  ],
  isDevnet: false,
};

export const polygon: ChainConfig = {
  chainId: 137,
  blockTimeSeconds: 2,
  name: "Polygon PoS",
  explorerUrl: "https://polygonscan.com",
  aave: {
    ...sharedL2Market,
    oracle: "0xb023e699F5a33916Ea823A16485e259257cA8Bd1",
    uiPoolDataProvider: "0x8F1AD487C9413d7e81aB5B4E88B024Ae3b5637D0",
  },
  eigenLayer: null,
  tokens: [
    {
      symbol: "WETH",
      address: "0x7ceB23fD6bC0adD59E62ac25578270cFf1b9f619",
      decimals: 18,
      priceAsset: "ETH",
    },
    {
      symbol: "USDC",
      address: "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359",
      decimals: 6,
      priceAsset: "USDC",
    },
  ],
  isDevnet: false,
};

export const base: ChainConfig = {
  chainId: 8453,
  blockTimeSeconds: 2,
  name: "Base",
  explorerUrl: "https://basescan.org",
  aave: {
    poolAddressesProvider: "0xe20fCBdBfFC4Dd138cE8b2E6FBb6CB49777ad64D",
    pool: "0xA238Dd80C259a72e81d7e4664a9801593F98d1c5",
    oracle: "0x2Cc0Fc26eD4563A5ce5e8bdcfe1A2878676Ae156",
    uiPoolDataProvider: "0x2d8A3C5677189723C4cB8873CfC9C8976FDF38Ac",
  },
  eigenLayer: null,
  tokens: [
    {
      symbol: "WETH",
      address: "0x4200000000000000000000000000000000000006",
      decimals: 18,
      priceAsset: "ETH",
    },
    {
      symbol: "USDC",
      address: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
      decimals: 6,
      priceAsset: "USDC",
    },
  ],
  isDevnet: false,
};

export const mainnets = [ethereum, arbitrum, optimism, polygon, base] as const;
