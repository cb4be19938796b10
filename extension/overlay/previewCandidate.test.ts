import { encodeFunctionData, maxUint256 } from "viem";
import { describe, expect, it } from "vitest";
import { poolAbi } from "../../shared/abis/pool";
import { previewCandidate, toChainId } from "./previewCandidate";

const POOL = "0x32467b43BFa67273FC7dDda0999Ee9A12F2AaA08";
const USER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const DAI = "0x6B175474E89094C44Da98b954EedeAC495271d0F";
const borrow = encodeFunctionData({
  abi: poolAbi,
  functionName: "borrow",
  args: [DAI, 10n ** 18n, 2n, 0, USER],
});
const send = (tx: unknown) => ({ method: "eth_sendTransaction", params: [tx] });

describe("which wallet requests could be a Pool call to preview", () => {
  it("a borrow, supply, withdraw or repay call, to any address (the background checks the Pool)", () => {
    expect(previewCandidate(send({ from: USER, to: POOL, data: borrow }))).toEqual({
      to: POOL,
      data: borrow,
      from: USER,
      chainId: null,
    });
    const others = [
      encodeFunctionData({ abi: poolAbi, functionName: "supply", args: [DAI, 1n, USER, 0] }),
      encodeFunctionData({ abi: poolAbi, functionName: "withdraw", args: [DAI, maxUint256, USER] }),
      encodeFunctionData({ abi: poolAbi, functionName: "repay", args: [DAI, 1n, 2n, USER] }),
    ];
    for (const data of others) expect(previewCandidate(send({ to: DAI, input: data }))?.data).toBe(data);
    // Upper-case hex, a chain id in either notation.
    expect(
      previewCandidate(send({ to: POOL, data: borrow.toUpperCase().replace("0X", "0x"), chainId: "0x7a69" }))
        ?.chainId,
    ).toBe(31337);
    expect(previewCandidate(send({ to: POOL, data: borrow, chainId: "31337" }))?.chainId).toBe(31337);
  });

  it("every other transaction shape goes straight to the wallet", () => {
    const transfer = `0xa9059cbb${"00".repeat(64)}`;
    for (const tx of [
      { from: USER, to: USER, data: "", value: "0x1" },
      { from: USER, to: USER, value: "1000000000000000" },
      { from: USER, to: USER, data: "0x" },
      { from: USER, data: `0x6080${"ab".repeat(48_000)}` }, // a 96 KB contract deploy
      { from: USER, to: POOL, data: `${borrow}${"00".repeat(48_000)}` }, // 96 KB after a borrow selector
      { from: USER, to: DAI, data: transfer },
      { from: USER, to: "pool.eth", data: borrow },
      { from: USER, to: POOL, data: 42 },
      { from: USER, to: POOL, data: "borrow(dai)" },
    ]) {
      expect(previewCandidate(send(tx))).toBeNull();
    }
    expect(previewCandidate({ method: "eth_sendTransaction" })).toBeNull();
    expect(previewCandidate({ method: "eth_sendTransaction", params: [null] })).toBeNull();
    expect(previewCandidate({ method: "eth_signTypedData_v4", params: [USER, borrow] })).toBeNull();
    expect(previewCandidate(undefined)).toBeNull();
  });

  it("drops a sender that is not an address rather than the request", () => {
    expect(previewCandidate(send({ from: "me", to: POOL, data: borrow }))).toEqual({
      to: POOL,
      data: borrow,
      chainId: null,
    });
  });

  it("reads chain ids as numbers, 0x quantities or decimal strings", () => {
    expect(
      [1, "0x1", "1", "0xa4b1", 0, -1, "0x", "abc", 1.5, "0x1fffffffffffff1", null].map(toChainId),
    ).toEqual([1, 1, 1, 42161, null, null, null, null, null, null, null]);
  });
});
