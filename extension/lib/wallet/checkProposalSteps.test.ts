import { encodeFunctionData, erc20Abi, maxUint256 } from "viem";
import { describe, expect, it } from "vitest";
import { poolAbi } from "../../../shared/abis";
import { devnetChainConfig } from "../../../shared/chains/devnet";
import { proposalStepProblems } from "./checkProposalSteps";

const USER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const STRANGER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const pool = devnetChainConfig.aave?.pool ?? "0x";
const dai = devnetChainConfig.tokens.find((token) => token.symbol === "DAI")?.address ?? "0x";
const AMOUNT = 500n * 10n ** 18n;

const step = (to: `0x${string}`, data: `0x${string}`) => ({ chainId: 31337, to, data, value: "0" });
const approve = (amount: bigint, spender: `0x${string}` = pool) =>
  step(dai, encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [spender, amount] }));
const repay = (amount: bigint, onBehalfOf: `0x${string}` = USER) =>
  step(
    pool,
    encodeFunctionData({ abi: poolAbi, functionName: "repay", args: [dai, amount, 2n, onBehalfOf] }),
  );

describe("the approval page's own check of a proposal's steps", () => {
  it("passes a repay as the worker builds it: exact approval of the Pool, then repay for the user", () => {
    expect(proposalStepProblems([approve(AMOUNT), repay(AMOUNT)], USER)).toEqual([]);
  });

  it("refuses a repay on behalf of someone else", () => {
    expect(proposalStepProblems([approve(AMOUNT), repay(AMOUNT, STRANGER)], USER)).toEqual([
      `step 2: repay names ${STRANGER}, not the user`,
    ]);
  });

  it("refuses an unlimited or larger approval, and an approval of another spender", () => {
    expect(proposalStepProblems([approve(maxUint256), repay(AMOUNT)], USER)).toHaveLength(2);
    expect(proposalStepProblems([approve(AMOUNT + 1n), repay(AMOUNT)], USER)).toEqual([
      `step 1: moves ${AMOUNT + 1n} units of ${dai}, more than the bound ${AMOUNT}`,
      `step 1: approves ${AMOUNT + 1n}, not exactly what step 2 spends`,
    ]);
    expect(proposalStepProblems([approve(AMOUNT, STRANGER), repay(AMOUNT)], USER)[0]).toBe(
      `step 1: approves ${STRANGER}, which is not allowlisted`,
    );
  });

  it("refuses a call to a contract outside the allowlist, ETH, an unknown chain and an empty proposal", () => {
    const transfer = step(
      dai,
      encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [STRANGER, AMOUNT] }),
    );
    expect(proposalStepProblems([transfer], USER)).toEqual(["step 1: token.transfer is not allowed"]);
    expect(proposalStepProblems([{ ...repay(AMOUNT), value: "1" }], USER)).toContain(
      "step 1: must not send ETH",
    );
    expect(proposalStepProblems([{ ...repay(AMOUNT), chainId: 999 }], USER)).toEqual([
      "chain 999 is not one Vigil knows",
    ]);
    expect(proposalStepProblems([], USER)).toEqual(["the proposal has no steps"]);
  });
});
