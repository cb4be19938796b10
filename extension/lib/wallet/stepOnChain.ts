import type { Address } from "viem";
import { describeMismatch, matchStepTransaction } from "../../../shared/automation/matchStepTransaction";
import type { ChainTransaction } from "../../../shared/schemas/chainTransaction";
import { WalletError } from "./eip1193";

/** What a step asks the chain to do (the fields a sent transaction must repeat exactly). */
export interface ExpectedStep {
  chainId: number;
  to: Address;
  data: `0x${string}`;
  value: string;
}

export type SeenTransaction = NonNullable<ChainTransaction["transaction"]>;

/**
 * How the transaction Vigil's node has under `hash` differs from the step it should be, in words: the API's own
 * rule (shared/automation/matchStepTransaction.ts: chain id, sender = the signed-in user, target, calldata,
 * value). Empty when it is the step. The API applies it again when the hashes are reported; this lets the
 * approval page stop at the first wrong step, before the next one is sent.
 */
export function stepTransactionMismatch(
  step: ExpectedStep,
  from: Address,
  hash: `0x${string}`,
  tx: SeenTransaction,
): string[] {
  const seen = { ...tx, hash, chainId: tx.chainId ?? undefined, value: BigInt(tx.value) };
  return matchStepTransaction(step, seen, from).map(describeMismatch);
}

export interface StepOnChainHost {
  /** The transaction and receipt under `hash`, read by the background through Vigil's API (never the page). */
  fetch(chainId: number, hash: `0x${string}`): Promise<ChainTransaction>;
  /**
   * A failed `fetch` that says "ask again later" (rate limited, the API or its node failing for now, no network).
   * The wallet has already sent the transaction then: the page keeps checking instead of abandoning a step that
   * may well be mined, which Vigil would otherwise never hear of.
   */
  transient(error: unknown): boolean;
  now(): number;
  sleep(ms: number): Promise<void>;
}

const POLL_MS = 1_000;
/** A wallet broadcasts at once; a hash Vigil's node still does not know after this was never sent. */
const UNKNOWN_MS = 60_000;
const MINED_MS = 5 * 60_000;

/**
 * Waits until Vigil's node has mined the transaction the wallet named for step `index`, and refuses it unless it
 * is exactly that step, from the user, and succeeded. A page relaying to a wallet can answer any hash; this is
 * what the approval page believes instead.
 */
export async function confirmStepOnChain(
  host: StepOnChainHost,
  step: ExpectedStep,
  index: number,
  from: Address,
  hash: `0x${string}`,
): Promise<void> {
  const started = host.now();
  const refuse = (why: string) =>
    new WalletError(
      "bad_answer",
      `The wallet's hash for step ${index + 1} (${hash}) ${why}. Nothing was reported.`,
    );
  let unanswered: unknown = null;
  for (;;) {
    const seen = await host.fetch(step.chainId, hash).catch((error: unknown) => {
      if (!host.transient(error)) throw error;
      unanswered = error;
      return null;
    });
    if (seen === null) {
      if (host.now() - started >= MINED_MS) throw cannotCheck(index, hash, unanswered);
      await host.sleep(POLL_MS);
      continue;
    }
    if (seen.transaction) {
      const problems = stepTransactionMismatch(step, from, hash, seen.transaction);
      if (problems.length > 0) throw refuse(`is not that step: ${problems.join("; ")}`);
      if (seen.receipt?.status === "reverted") throw refuse("reverted on chain");
      if (seen.receipt?.status === "success") return;
    }
    const waited = host.now() - started;
    if (!seen.transaction && waited >= UNKNOWN_MS) throw refuse("is unknown to Vigil's node");
    if (waited >= MINED_MS) throw refuse("was not mined within 5 minutes");
    await host.sleep(POLL_MS);
  }
}

/** Vigil's API could not answer for the whole wait: the step may be on chain, so the words must not say it failed. */
function cannotCheck(index: number, hash: `0x${string}`, cause: unknown): Error {
  const why = cause instanceof Error ? ` (${cause.message})` : "";
  return new Error(
    `Vigil could not check step ${index + 1} (${hash}) on chain for 5 minutes${why}. Your wallet may have sent it: look at its activity before signing again.`,
    { cause },
  );
}
