import { aggregatorAbi } from "../../shared/abis/aggregator";

/** Chainlink-style feed plus the devnet's setter (devnet/contracts/SettableAggregator.sol). */
export const settableAggregatorAbi = [
  ...aggregatorAbi,
  {
    type: "function",
    name: "setAnswer",
    stateMutability: "nonpayable",
    inputs: [{ name: "answer", type: "int256" }],
    outputs: [],
  },
  {
    type: "function",
    name: "appendRounds",
    stateMutability: "nonpayable",
    inputs: [
      { name: "answers", type: "int256[]" },
      { name: "updatedAts", type: "uint256[]" },
    ],
    outputs: [],
  },
] as const;
