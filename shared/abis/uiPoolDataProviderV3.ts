// UiPoolDataProviderV3: all reserves and one user's reserves in two view calls (batched into one round trip).
// Extracted from the @aave/deploy-v3 artifacts (Aave V3.0.x); only the functions Vigil calls.
export const uiPoolDataProviderV3Abi = [
  {
    type: "function",
    name: "getReservesData",
    inputs: [
      {
        name: "provider",
        type: "address",
      },
    ],
    outputs: [
      {
        name: "",
        type: "tuple[]",
        components: [
          {
            name: "underlyingAsset",
            type: "address",
          },
          {
            name: "name",
            type: "string",
          },
          {
            name: "symbol",
            type: "string",
          },
          {
            name: "decimals",
            type: "uint256",
          },
          {
            name: "baseLTVasCollateral",
            type: "uint256",
          },
          {
            name: "reserveLiquidationThreshold",
            type: "uint256",
          },
          {
            name: "reserveLiquidationBonus",
            type: "uint256",
          },
          {
            name: "reserveFactor",
            type: "uint256",
          },
          {
            name: "usageAsCollateralEnabled",
            type: "bool",
          },
          {
            name: "borrowingEnabled",
            type: "bool",
          },
          {
            name: "stableBorrowRateEnabled",
            type: "bool",
          },
          {
            name: "isActive",
            type: "bool",
          },
          {
            name: "isFrozen",
            type: "bool",
          },
          {
            name: "liquidityIndex",
            type: "uint128",
          },
          {
            name: "variableBorrowIndex",
            type: "uint128",
          },
          {
            name: "liquidityRate",
            type: "uint128",
          },
          {
            name: "variableBorrowRate",
            type: "uint128",
          },
          {
            name: "stableBorrowRate",
            type: "uint128",
          },
          {
            name: "lastUpdateTimestamp",
            type: "uint40",
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
            name: "availableLiquidity",
            type: "uint256",
          },
          {
            name: "totalPrincipalStableDebt",
            type: "uint256",
          },
          {
            name: "averageStableRate",
            type: "uint256",
          },
          {
            name: "stableDebtLastUpdateTimestamp",
            type: "uint256",
          },
          {
            name: "totalScaledVariableDebt",
            type: "uint256",
          },
          {
            name: "priceInMarketReferenceCurrency",
            type: "uint256",
          },
          {
            name: "priceOracle",
            type: "address",
          },
          {
            name: "variableRateSlope1",
            type: "uint256",
          },
          {
            name: "variableRateSlope2",
            type: "uint256",
          },
          {
            name: "stableRateSlope1",
            type: "uint256",
          },
          {
            name: "stableRateSlope2",
            type: "uint256",
          },
          {
            name: "baseStableBorrowRate",
            type: "uint256",
          },
          {
            name: "baseVariableBorrowRate",
            type: "uint256",
          },
          {
            name: "optimalUsageRatio",
            type: "uint256",
          },
          {
            name: "isPaused",
            type: "bool",
          },
          {
            name: "isSiloedBorrowing",
            type: "bool",
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
          {
            name: "flashLoanEnabled",
            type: "bool",
          },
          {
            name: "debtCeiling",
            type: "uint256",
          },
          {
            name: "debtCeilingDecimals",
            type: "uint256",
          },
          {
            name: "eModeCategoryId",
            type: "uint8",
          },
          {
            name: "borrowCap",
            type: "uint256",
          },
          {
            name: "supplyCap",
            type: "uint256",
          },
          {
            name: "eModeLtv",
            type: "uint16",
          },
          {
            name: "eModeLiquidationThreshold",
            type: "uint16",
          },
          {
            name: "eModeLiquidationBonus",
            type: "uint16",
          },
          {
            name: "eModePriceSource",
            type: "address",
          },
          {
            name: "eModeLabel",
            type: "string",
          },
          {
            name: "borrowableInIsolation",
            type: "bool",
          },
        ],
      },
      {
        name: "",
        type: "tuple",
        components: [
          {
            name: "marketReferenceCurrencyUnit",
            type: "uint256",
          },
          {
            name: "marketReferenceCurrencyPriceInUsd",
            type: "int256",
          },
          {
            name: "networkBaseTokenPriceInUsd",
            type: "int256",
          },
          {
            name: "networkBaseTokenPriceDecimals",
            type: "uint8",
          },
        ],
      },
    ],
    stateMutability: "view",
  },
  {
    type: "function",
    name: "getReservesList",
    inputs: [
      {
        name: "provider",
        type: "address",
      },
    ],
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
    name: "getUserReservesData",
    inputs: [
      {
        name: "provider",
        type: "address",
      },
      {
        name: "user",
        type: "address",
      },
    ],
    outputs: [
      {
        name: "",
        type: "tuple[]",
        components: [
          {
            name: "underlyingAsset",
            type: "address",
          },
          {
            name: "scaledATokenBalance",
            type: "uint256",
          },
          {
            name: "usageAsCollateralEnabledOnUser",
            type: "bool",
          },
          {
            name: "stableBorrowRate",
            type: "uint256",
          },
          {
            name: "scaledVariableDebt",
            type: "uint256",
          },
          {
            name: "principalStableDebt",
            type: "uint256",
          },
          {
            name: "stableBorrowLastUpdateTimestamp",
            type: "uint256",
          },
        ],
      },
      {
        name: "",
        type: "uint8",
      },
    ],
    stateMutability: "view",
  },
] as const;
