// Aave V3 Pool: account data and the user actions Vigil previews or proposes.
// Extracted from the @aave/deploy-v3 artifacts (Aave V3.0.x); only the functions Vigil calls and the LiquidationCall event it watches.
export const poolAbi = [
  {
    type: "function",
    name: "borrow",
    inputs: [
      {
        name: "asset",
        type: "address",
      },
      {
        name: "amount",
        type: "uint256",
      },
      {
        name: "interestRateMode",
        type: "uint256",
      },
      {
        name: "referralCode",
        type: "uint16",
      },
      {
        name: "onBehalfOf",
        type: "address",
      },
    ],
    outputs: [],
    stateMutability: "nonpayable",
  },
  {
    type: "function",
    name: "getReserveData",
    inputs: [
      {
        name: "asset",
        type: "address",
      },
    ],
    outputs: [
      {
        name: "",
        type: "tuple",
        components: [
          {
            name: "configuration",
            type: "tuple",
            components: [
              {
                name: "data",
                type: "uint256",
              },
            ],
          },
          {
            name: "liquidityIndex",
            type: "uint128",
          },
          {
            name: "currentLiquidityRate",
            type: "uint128",
          },
          {
            name: "variableBorrowIndex",
            type: "uint128",
          },
          {
            name: "currentVariableBorrowRate",
            type: "uint128",
          },
          {
            name: "currentStableBorrowRate",
            type: "uint128",
          },
          {
            name: "lastUpdateTimestamp",
            type: "uint40",
          },
          {
            name: "id",
            type: "uint16",
          },
          {
            name: "aTokenAddress",
            type: "address",
          },
          {
            name: "stableDebtTokenAddress",
            type: "address",
          },
          {
            name: "variableDebtTokenAddress",
            type: "address",
          },
          {
            name: "interestRateStrategyAddress",
            type: "address",
          },
          {
            name: "accruedToTreasury",
            type: "uint128",
          },
          {
            name: "unbacked",
            type: "uint128",
          },
          {
            name: "isolationModeTotalDebt",
            type: "uint128",
          },
        ],
      },
    ],
    stateMutability: "view",
  },
  {
    type: "function",
    name: "getReservesList",
    inputs: [],
    outputs: [
      {
        name: "",
        type: "address[]",
      },
    ],
    stateMutability: "view",
  },
  {
    type: "function",
    name: "getUserAccountData",
    inputs: [
      {
        name: "user",
        type: "address",
      },
    ],
    outputs: [
      {
        name: "totalCollateralBase",
        type: "uint256",
      },
      {
        name: "totalDebtBase",
        type: "uint256",
      },
      {
        name: "availableBorrowsBase",
        type: "uint256",
      },
      {
        name: "currentLiquidationThreshold",
        type: "uint256",
      },
      {
        name: "ltv",
        type: "uint256",
      },
      {
        name: "healthFactor",
        type: "uint256",
      },
    ],
    stateMutability: "view",
  },
  {
    type: "function",
    name: "getUserEMode",
    inputs: [
      {
        name: "user",
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
    type: "event",
    name: "LiquidationCall",
    inputs: [
      { name: "collateralAsset", type: "address", indexed: true },
      { name: "debtAsset", type: "address", indexed: true },
      { name: "user", type: "address", indexed: true },
      { name: "debtToCover", type: "uint256", indexed: false },
      { name: "liquidatedCollateralAmount", type: "uint256", indexed: false },
      { name: "liquidator", type: "address", indexed: false },
      { name: "receiveAToken", type: "bool", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "function",
    name: "liquidationCall",
    inputs: [
      {
        name: "collateralAsset",
        type: "address",
      },
      {
        name: "debtAsset",
        type: "address",
      },
      {
        name: "user",
        type: "address",
      },
      {
        name: "debtToCover",
        type: "uint256",
      },
      {
        name: "receiveAToken",
        type: "bool",
      },
    ],
    outputs: [],
    stateMutability: "nonpayable",
  },
  {
    type: "function",
    name: "repay",
    inputs: [
      {
        name: "asset",
        type: "address",
      },
      {
        name: "amount",
        type: "uint256",
      },
      {
        name: "interestRateMode",
        type: "uint256",
      },
      {
        name: "onBehalfOf",
        type: "address",
      },
    ],
    outputs: [
      {
        name: "",
        type: "uint256",
      },
    ],
    stateMutability: "nonpayable",
  },
  {
    type: "function",
    name: "setUserUseReserveAsCollateral",
    inputs: [
      {
        name: "asset",
        type: "address",
      },
      {
        name: "useAsCollateral",
        type: "bool",
      },
    ],
    outputs: [],
    stateMutability: "nonpayable",
  },
  {
    type: "function",
    name: "supply",
    inputs: [
      {
        name: "asset",
        type: "address",
      },
      {
        name: "amount",
        type: "uint256",
      },
      {
        name: "onBehalfOf",
        type: "address",
      },
      {
        name: "referralCode",
        type: "uint16",
      },
    ],
    outputs: [],
    stateMutability: "nonpayable",
  },
  {
    type: "function",
    name: "withdraw",
    inputs: [
      {
        name: "asset",
        type: "address",
      },
      {
        name: "amount",
        type: "uint256",
      },
      {
        name: "to",
        type: "address",
      },
    ],
    outputs: [
      {
        name: "",
        type: "uint256",
      },
    ],
    stateMutability: "nonpayable",
  },
] as const;
