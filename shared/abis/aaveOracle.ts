// AaveOracle: asset prices in the market base currency (USD, 8 decimals).
// Extracted from the @aave/deploy-v3 artifacts (Aave V3.0.x); only the functions Vigil calls.
export const aaveOracleAbi = [
  {
    type: "function",
    name: "BASE_CURRENCY_UNIT",
    inputs: [],
    outputs: [
      {
        name: "",
        type: "uint256",
      },
    ],
    stateMutability: "view",
  },
  {
    type: "function",
    name: "getAssetPrice",
    inputs: [
      {
        name: "asset",
        type: "address",
      },
    ],
    outputs: [
      {
        name: "",
        type: "uint256",
      },
    ],
    stateMutability: "view",
  },
  {
    type: "function",
    name: "getAssetsPrices",
    inputs: [
      {
        name: "assets",
        type: "address[]",
      },
    ],
    outputs: [
      {
        name: "",
        type: "uint256[]",
      },
    ],
    stateMutability: "view",
  },
  {
    type: "function",
    name: "getSourceOfAsset",
    inputs: [
      {
        name: "asset",
        type: "address",
      },
    ],
    outputs: [
      {
        name: "",
        type: "address",
      },
    ],
    stateMutability: "view",
  },
] as const;
