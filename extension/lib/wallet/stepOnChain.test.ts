import { describe, expect, it } from "vitest";
import type { ChainTransaction } from "../../../shared/schemas/chainTransaction";
import {
  confirmStepOnChain,
  type SeenTransaction,
  type StepOnChainHost,
  stepTransactionMismatch,
} from "./stepOnChain";

const USER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
const STRANGER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const POOL = "0x32467b43BFa67273FC7dDda0999Ee9A12F2AaA08" as const;
const HASH = `0x${"ab".repeat(32)}` as const;
const step = { chainId: 31337, to: POOL, data: "0x573ade81aa", value: "0" } as const;
const sent: SeenTransaction = {
  chainId: 31337,
  from: USER,
  to: POOL,
  input: "0x573ade81aa",
  value: "0",
  nonce: 3,
  blockNumber: "7",
};

class TryLater extends Error {}

/**
 * Vigil's node as the background reads it: one answer per poll (the last one repeats), an Error being thrown
 * (a TryLater one is transient: 503, rate limited); a fake clock.
 */
function node(answers: Array<Pick<ChainTransaction, "transaction" | "receipt"> | Error>) {
  let clock = 0;
  let polls = 0;
  const host: StepOnChainHost = {
    async fetch(chainId, hash) {
      const answer = answers[Math.min(polls++, answers.length - 1)] ?? { transaction: null, receipt: null };
      if (answer instanceof Error) throw answer;
      return { chainId, hash, ...answer };
    },
    transient: (error) => error instanceof TryLater,
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  };
  return { host, polls: () => polls };
}

describe("a step's transaction as Vigil's node sees it", () => {
  it("is the step only with the same chain id, sender, target, calldata and value (the API's rule)", () => {
    expect(stepTransactionMismatch(step, USER, HASH, sent)).toEqual([]);
    expect(stepTransactionMismatch(step, USER, HASH, { ...sent, input: "0x573ade81ab" })).toEqual([
      "its calldata 0x573ade81ab is not the step's 0x573ade81aa",
    ]);
    expect(stepTransactionMismatch(step, USER, HASH, { ...sent, from: STRANGER })).toEqual([
      `it was sent by ${STRANGER}, not by you (${USER})`,
    ]);
    expect(stepTransactionMismatch(step, USER, HASH, { ...sent, to: null, value: "5", chainId: 1 })).toEqual([
      "it is on chain 1, not 31337",
      `it calls no contract (a deployment), not ${POOL}`,
      "it sends 5 wei, not 0",
    ]);
    expect(stepTransactionMismatch(step, USER, HASH, { ...sent, chainId: null })).toEqual([
      "it names no chain (expected chain 31337)",
    ]);
  });

  it("waits until the matching transaction is mined and succeeded", async () => {
    const { host, polls } = node([
      { transaction: null, receipt: null },
      { transaction: { ...sent, blockNumber: null }, receipt: null },
      { transaction: sent, receipt: { status: "success", blockNumber: "7" } },
    ]);
    await expect(confirmStepOnChain(host, step, 0, USER, HASH)).resolves.toBeUndefined();
    expect(polls()).toBe(3);
  });

  it("refuses another transaction's hash at once, a reverted one, and one the node never learns of", async () => {
    const other = node([{ transaction: { ...sent, input: "0x" }, receipt: null }]);
    await expect(confirmStepOnChain(other.host, step, 1, USER, HASH)).rejects.toMatchObject({
      code: "bad_answer",
      message: `The wallet's hash for step 2 (${HASH}) is not that step: its calldata 0x is not the step's 0x573ade81aa. Nothing was reported.`,
    });
    expect(other.polls()).toBe(1);
    const reverted = node([{ transaction: sent, receipt: { status: "reverted", blockNumber: "7" } }]);
    await expect(confirmStepOnChain(reverted.host, step, 0, USER, HASH)).rejects.toThrow("reverted on chain");
    const unknown = node([{ transaction: null, receipt: null }]);
    await expect(confirmStepOnChain(unknown.host, step, 0, USER, HASH)).rejects.toThrow(
      "is unknown to Vigil's node",
    );
    expect(unknown.polls()).toBe(61);
  });

  it("keeps checking through an API that fails for now: the wallet has already sent the step", async () => {
    const busy = new TryLater("Vigil's node is unavailable (503)");
    const { host, polls } = node([
      busy,
      busy,
      { transaction: sent, receipt: null },
      busy,
      { transaction: sent, receipt: { status: "success", blockNumber: "7" } },
    ]);
    await expect(confirmStepOnChain(host, step, 0, USER, HASH)).resolves.toBeUndefined();
    expect(polls()).toBe(5);
  });

  it("gives up after 5 minutes without an answer, saying the step may be on chain; a lasting error at once", async () => {
    const down = node([new TryLater("rate limited (429)")]);
    const gaveUp = confirmStepOnChain(down.host, step, 0, USER, HASH);
    await expect(gaveUp).rejects.toThrow(
      `Vigil could not check step 1 (${HASH}) on chain for 5 minutes (rate limited (429)). Your wallet may have sent it`,
    );
    expect(down.polls()).toBe(301);
    const signedOut = node([new Error("Sign in again (401)")]);
    await expect(confirmStepOnChain(signedOut.host, step, 0, USER, HASH)).rejects.toThrow(
      "Sign in again (401)",
    );
    expect(signedOut.polls()).toBe(1);
  });
});
