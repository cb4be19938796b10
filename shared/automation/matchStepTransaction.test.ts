import { encodeFunctionData, erc20Abi } from "viem";
import { describe, expect, it } from "vitest";
import { devnetDeployment } from "../chains/devnet";
import {
  type ChainTransaction,
  checkSubmittedHashes,
  describeMismatch,
  describeMismatchReport,
  matchStepTransaction,
  matchSubmittedTransactions,
} from "./matchStepTransaction";

const user = devnetDeployment.accounts.borrower;
const stranger = devnetDeployment.accounts.restaker;
const dai = devnetDeployment.reserves.DAI.underlying;
const pool = devnetDeployment.contracts.pool;
const approveData = (amount: bigint) =>
  encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [pool, amount] });
const steps = [
  { chainId: 31337, to: dai, data: approveData(1000n), value: "0" },
  { chainId: 31337, to: pool, data: "0xdeadbeef" as const, value: "0" },
];
const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as const;

/** The transaction a wallet sends for step `i` of `steps`: what the chain returns for it. */
const sent = (i: number, overrides: Partial<ChainTransaction> = {}): ChainTransaction => ({
  hash: hash(i + 1),
  chainId: 31337,
  from: user.toLowerCase(),
  to: steps[i]!.to.toLowerCase(),
  input: steps[i]!.data,
  value: 0n,
  nonce: 7 + i,
  ...overrides,
});

describe("matchStepTransaction", () => {
  it("accepts the step's own transaction, whatever the case of its addresses", () => {
    expect(matchStepTransaction(steps[0]!, sent(0), user)).toEqual([]);
    expect(
      matchStepTransaction(steps[0]!, sent(0, { from: user.toUpperCase().replace("0X", "0x") }), user),
    ).toEqual([]);
  });

  it("names every field that differs", () => {
    expect(matchStepTransaction(steps[0]!, sent(0, { chainId: 1 }), user)).toEqual([
      { field: "chainId", expected: 31337, actual: 1 },
    ]);
    expect(matchStepTransaction(steps[0]!, sent(0, { chainId: undefined }), user)).toEqual([
      { field: "chainId", expected: 31337, actual: null },
    ]);
    expect(matchStepTransaction(steps[0]!, sent(0, { from: stranger }), user)).toEqual([
      { field: "from", expected: user, actual: stranger },
    ]);
    expect(matchStepTransaction(steps[0]!, sent(0, { to: null }), user)).toEqual([
      { field: "to", expected: dai, actual: null },
    ]);
    expect(matchStepTransaction(steps[0]!, sent(0, { input: approveData(1001n) }), user)).toEqual([
      { field: "input", expected: steps[0]!.data, actual: approveData(1001n) },
    ]);
    expect(matchStepTransaction(steps[0]!, sent(0, { value: 1n }), user)).toEqual([
      { field: "value", expected: "0", actual: "1" },
    ]);
    // An unrelated transaction differs in all of them at once.
    const unrelated = sent(1, { chainId: 1, from: stranger, value: 5n });
    expect(matchStepTransaction(steps[0]!, unrelated, user).map((m) => m.field)).toEqual([
      "chainId",
      "from",
      "to",
      "input",
      "value",
    ]);
  });
});

describe("checkSubmittedHashes", () => {
  it("wants exactly one distinct hash per step", () => {
    expect(checkSubmittedHashes(steps, [hash(1), hash(2)])).toBeNull();
    expect(checkSubmittedHashes(steps, [hash(1)])).toEqual({ reason: "hash_count", expected: 2, actual: 1 });
    expect(checkSubmittedHashes(steps, [hash(1), hash(2), hash(3)])).toEqual({
      reason: "hash_count",
      expected: 2,
      actual: 3,
    });
    const upper = hash(1).toUpperCase().replace("0X", "0x") as `0x${string}`;
    expect(checkSubmittedHashes(steps, [hash(1), upper])).toEqual({
      reason: "duplicate_hash",
      hash: upper,
      steps: [0, 1],
    });
  });
});

describe("matchSubmittedTransactions", () => {
  it("matches each transaction to its step in order; unknown ones are skipped", () => {
    expect(matchSubmittedTransactions(steps, [sent(0), sent(1)], user)).toEqual([]);
    expect(matchSubmittedTransactions(steps, [null, sent(1)], user)).toEqual([]);
    expect(matchSubmittedTransactions(steps, [null, null], user)).toEqual([]);
  });

  it("reports swapped hashes as both steps differing", () => {
    const swapped = matchSubmittedTransactions(steps, [sent(1), sent(0)], user);
    expect(swapped.map((r) => [r.step, r.mismatches.map((m) => m.field)])).toEqual([
      [0, ["to", "input"]],
      [1, ["to", "input", "order"]],
    ]);
  });

  it("reports transactions sent before the proposal was made (nonce below its floor), and only those", () => {
    // The user's transaction count was 8 when the proposal was made: step 1 at nonce 7 is older than it.
    const report = matchSubmittedTransactions(steps, [sent(0), sent(1)], user, 8);
    expect(report).toEqual([
      { step: 0, hash: hash(1), mismatches: [{ field: "nonce", expected: 8, actual: 7 }] },
    ]);
    expect(describeMismatchReport(report[0]!)).toBe(
      `step 1 (${hash(1)}): it was sent before this proposal was made (nonce 7; its steps start at 8 or later)`,
    );
    expect(matchSubmittedTransactions(steps, [sent(0), sent(1)], user, 7)).toEqual([]);
    expect(matchSubmittedTransactions(steps, [sent(0), sent(1)], user, null)).toEqual([]);
  });

  it("reports a later step sent before an earlier one", () => {
    const report = matchSubmittedTransactions(steps, [sent(0, { nonce: 9 }), sent(1, { nonce: 8 })], user);
    expect(report).toEqual([
      {
        step: 1,
        hash: hash(2),
        mismatches: [{ field: "order", expected: "a nonce above 9 (step 1)", actual: "8" }],
      },
    ]);
  });
});

describe("describeMismatch", () => {
  it("says what differs in words", () => {
    expect(describeMismatch({ field: "from", expected: user, actual: stranger })).toBe(
      `it was sent by ${stranger}, not by you (${user})`,
    );
    expect(describeMismatch({ field: "chainId", expected: 31337, actual: 1 })).toBe(
      "it is on chain 1, not 31337",
    );
    expect(describeMismatch({ field: "input", expected: approveData(1000n), actual: "0x" })).toBe(
      "its calldata 0x is not the step's 0x095ea7b30000…000003e8 (68 bytes)",
    );
    expect(
      describeMismatchReport({
        step: 0,
        hash: hash(1),
        mismatches: [{ field: "value", expected: "0", actual: "1" }],
      }),
    ).toBe(`step 1 (${hash(1)}): it sends 1 wei, not 0`);
  });
});
