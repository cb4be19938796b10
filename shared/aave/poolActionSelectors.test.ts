import { encodeFunctionData, toFunctionSelector } from "viem";
import { describe, expect, it } from "vitest";
import { poolAbi } from "../abis/pool";
import { POOL_ACTION_MAX_DATA_CHARS, POOL_ACTION_SELECTORS } from "./poolActionSelectors";

const ADDRESS = "0x32467b43BFa67273FC7dDda0999Ee9A12F2AaA08";

describe("Pool action selectors", () => {
  it("are exactly supply, borrow, withdraw and repay of the Pool ABI", () => {
    const fromAbi = ["supply", "borrow", "withdraw", "repay"].map((name) => {
      const item = poolAbi.find((entry) => entry.type === "function" && entry.name === name);
      if (item?.type !== "function") throw new Error(`${name} is not in the Pool ABI`);
      return toFunctionSelector(item);
    });
    expect([...POOL_ACTION_SELECTORS]).toEqual(fromAbi);
  });

  it("the longest of those calls fits the calldata bound", () => {
    const lengths = [
      encodeFunctionData({ abi: poolAbi, functionName: "supply", args: [ADDRESS, 1n, ADDRESS, 0] }),
      encodeFunctionData({ abi: poolAbi, functionName: "borrow", args: [ADDRESS, 1n, 2n, 0, ADDRESS] }),
      encodeFunctionData({ abi: poolAbi, functionName: "withdraw", args: [ADDRESS, 1n, ADDRESS] }),
      encodeFunctionData({ abi: poolAbi, functionName: "repay", args: [ADDRESS, 1n, 2n, ADDRESS] }),
    ].map((data) => data.length);
    expect(Math.max(...lengths)).toBe(POOL_ACTION_MAX_DATA_CHARS);
  });
});
