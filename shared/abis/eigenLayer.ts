// EigenLayer StrategyManager and StrategyBase: the mainnet function signatures Vigil reads and proposes.
// On the devnet a stand-in contract implements the same signatures (see devnet/contracts).
export const strategyManagerAbi = [
  {
    type: "function",
    name: "depositIntoStrategy",
    stateMutability: "nonpayable",
    inputs: [
      { name: "strategy", type: "address" },
      { name: "token", type: "address" },
      { name: "amount", type: "uint256" },
    ],
    outputs: [{ name: "shares", type: "uint256" }],
  },
  {
    type: "function",
    name: "stakerStrategyList",
    stateMutability: "view",
    inputs: [
      { name: "staker", type: "address" },
      { name: "index", type: "uint256" },
    ],
    outputs: [{ name: "", type: "address" }],
  },
  {
    type: "function",
    name: "stakerStrategyListLength",
    stateMutability: "view",
    inputs: [{ name: "staker", type: "address" }],
    outputs: [{ name: "", type: "uint256" }],
  },
  {
    type: "function",
    name: "stakerDepositShares",
    stateMutability: "view",
    inputs: [
      { name: "staker", type: "address" },
      { name: "strategy", type: "address" },
    ],
    outputs: [{ name: "shares", type: "uint256" }],
  },
  {
    type: "function",
    name: "getDeposits",
    stateMutability: "view",
    inputs: [{ name: "staker", type: "address" }],
    outputs: [
      { name: "", type: "address[]" },
      { name: "", type: "uint256[]" },
    ],
  },
] as const;

export const strategyAbi = [
  {
    type: "function",
    name: "underlyingToken",
    stateMutability: "view",
    inputs: [],
    outputs: [{ name: "", type: "address" }],
  },
  {
    type: "function",
    name: "sharesToUnderlyingView",
    stateMutability: "view",
    inputs: [{ name: "amountShares", type: "uint256" }],
    outputs: [{ name: "", type: "uint256" }],
  },
  {
    type: "function",
    name: "underlyingToSharesView",
    stateMutability: "view",
    inputs: [{ name: "amountUnderlying", type: "uint256" }],
    outputs: [{ name: "", type: "uint256" }],
  },
  {
    type: "function",
    name: "totalShares",
    stateMutability: "view",
    inputs: [],
    outputs: [{ name: "", type: "uint256" }],
  },
] as const;
