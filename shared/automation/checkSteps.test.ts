import { encodeFunctionData, erc20Abi } from "viem";
import { describe, expect, it } from "vitest";
import { poolAbi } from "../abis";
import { allowlistFor } from "../chains/allowlist";
import { devnetChainConfig, devnetDeployment } from "../chains/devnet";
import { checkSteps } from "./checkSteps";

const user = devnetDeployment.accounts.borrower;
const dai = devnetDeployment.reserves.DAI.underlying;
const pool = devnetDeployment.contracts.pool;
const allowlist = allowlistFor(devnetChainConfig);
const bounds = { user, maxAmount: new Map([[dai.toLowerCase(), 1000n]]) };
const step = (to: `0x${string}`, data: `0x${string}`) => ({ chainId: 31337, to, data, value: "0" });
const repay = (amount: bigint, onBehalfOf: `0x${string}`) =>
  step(
    pool,
    encodeFunctionData({ abi: poolAbi, functionName: "repay", args: [dai, amount, 2n, onBehalfOf] }),
  );
const approve = (spender: `0x${string}`, amount: bigint) =>
  step(dai, encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [spender, amount] }));

describe("checkSteps", () => {
  it("passes an allowlisted repay for the user within the bound", () => {
    expect(checkSteps([approve(pool, 1000n), repay(1000n, user)], allowlist, bounds)).toEqual([]);
  });

  it("refuses another beneficiary, a foreign spender, too much, unknown contracts and ETH", () => {
    const stranger = devnetDeployment.accounts.whale;
    expect(checkSteps([repay(1000n, stranger)], allowlist, bounds)).toEqual([
      `step 1: repay names ${stranger}, not the user`,
    ]);
    expect(checkSteps([approve(stranger, 1n)], allowlist, bounds)[0]).toMatch(/approves .* not allowlisted/);
    expect(checkSteps([repay(1001n, user)], allowlist, bounds)[0]).toMatch(/more than the bound 1000/);
    expect(checkSteps([step(stranger, "0x")], allowlist, bounds)[0]).toMatch(/not an allowlisted contract/);
    expect(checkSteps([{ ...approve(pool, 1n), value: "1" }], allowlist, bounds)).toEqual([
      "step 1: must not send ETH",
    ]);
    const transfer = step(
      dai,
      encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [user, 1n] }),
    );
    expect(checkSteps([transfer], allowlist, bounds)).toEqual(["step 1: token.transfer is not allowed"]);
  });
});
