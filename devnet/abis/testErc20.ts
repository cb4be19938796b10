import { erc20Abi } from "viem";

/** ERC20 plus the devnet test token's open mint (devnet/contracts/TestERC20.sol). */
export const testErc20Abi = [
  ...erc20Abi,
  {
    type: "function",
    name: "mint",
    stateMutability: "nonpayable",
    inputs: [
      { name: "to", type: "address" },
      { name: "amount", type: "uint256" },
    ],
    outputs: [],
  },
] as const;
