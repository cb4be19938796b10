import { getAddress, isAddress } from "viem";
import type { CheckedStep } from "./checkSteps";

/**
 * A transaction as the chain reports it (eth_getTransactionByHash): the fields a step fixes. viem's
 * `getTransaction` result fits as it is. `chainId` is absent only on pre-EIP-155 legacy transactions, which any
 * chain replays; those never match a step.
 */
export interface ChainTransaction {
  hash: `0x${string}`;
  chainId?: number | undefined;
  from: string;
  to: string | null;
  input: string;
  value: bigint;
  nonce: number;
}

/** One way a chain transaction differs from the step it was reported for. */
export type StepMismatch =
  | { field: "chainId"; expected: number; actual: number | null }
  | { field: "from"; expected: string; actual: string }
  | { field: "to"; expected: string; actual: string | null }
  | { field: "input"; expected: string; actual: string }
  | { field: "value"; expected: string; actual: string }
  /** Sent before the previous step's transaction (nonce not above it): the steps did not run in order. */
  | { field: "order"; expected: string; actual: string }
  /** Sent before the proposal was made (nonce below the sender's transaction count then): an old transaction. */
  | { field: "nonce"; expected: number; actual: number };

/** A step whose reported transaction differs from it; `step` counts from 0. */
export interface StepMismatchReport {
  step: number;
  hash: `0x${string}`;
  mismatches: StepMismatch[];
}

/** Why a list of reported hashes cannot belong to a proposal, before any of them is looked up. */
export type SubmittedHashesProblem =
  | { reason: "hash_count"; expected: number; actual: number }
  | { reason: "duplicate_hash"; hash: `0x${string}`; steps: [number, number] };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
/** Nodes return addresses in lower case; people read them checksummed. */
const checksummed = (address: string) =>
  isAddress(address, { strict: false }) ? getAddress(address) : address;

/**
 * Whether `tx` is exactly the call `step` asked the user to sign: on the step's chain, sent by `user`, to the
 * step's contract with its calldata and value. Returns every difference (empty = it is that step). Gas, fees and
 * nonce are the wallet's to choose and are not compared.
 */
export function matchStepTransaction(step: CheckedStep, tx: ChainTransaction, user: string): StepMismatch[] {
  const mismatches: StepMismatch[] = [];
  if (tx.chainId !== step.chainId)
    mismatches.push({ field: "chainId", expected: step.chainId, actual: tx.chainId ?? null });
  if (!same(tx.from, user))
    mismatches.push({ field: "from", expected: checksummed(user), actual: checksummed(tx.from) });
  if (tx.to === null || !same(tx.to, step.to))
    mismatches.push({
      field: "to",
      expected: checksummed(step.to),
      actual: tx.to === null ? null : checksummed(tx.to),
    });
  if (!same(tx.input, step.data)) mismatches.push({ field: "input", expected: step.data, actual: tx.input });
  if (tx.value !== BigInt(step.value))
    mismatches.push({ field: "value", expected: step.value, actual: tx.value.toString() });
  return mismatches;
}

/** One hash per step, none twice: checked before anything is read from the chain. Null when the list fits. */
export function checkSubmittedHashes(
  steps: readonly unknown[],
  hashes: readonly `0x${string}`[],
): SubmittedHashesProblem | null {
  if (hashes.length !== steps.length)
    return { reason: "hash_count", expected: steps.length, actual: hashes.length };
  const seen = new Map<string, number>();
  for (const [index, hash] of hashes.entries()) {
    const first = seen.get(hash.toLowerCase());
    if (first !== undefined) return { reason: "duplicate_hash", hash, steps: [first, index] };
    seen.set(hash.toLowerCase(), index);
  }
  return null;
}

/**
 * Matches the transactions reported for a proposal to its steps, in order: `txs[i]` is what the chain returned
 * for the i-th hash, or null while the chain does not know it yet (skipped; check again later). Besides each
 * step's own fields, each known transaction must come after the previous known one (a higher nonce from the same
 * sender), as the steps build on each other; and none may have a nonce below `minNonce`, the user's transaction
 * count when the proposal was made (an older transaction with the same calldata, from a rule with a capped amount
 * say, is not this proposal's). Returns the steps that differ (empty = all known ones match).
 */
export function matchSubmittedTransactions(
  steps: readonly CheckedStep[],
  txs: readonly (ChainTransaction | null)[],
  user: string,
  minNonce: number | null = null,
): StepMismatchReport[] {
  const reports: StepMismatchReport[] = [];
  let previous: ChainTransaction | null = null;
  for (const [index, step] of steps.entries()) {
    const tx = txs[index];
    if (!tx) continue;
    const mismatches = matchStepTransaction(step, tx, user);
    if (minNonce !== null && tx.nonce < minNonce)
      mismatches.push({ field: "nonce", expected: minNonce, actual: tx.nonce });
    if (previous && tx.nonce <= previous.nonce)
      mismatches.push({
        field: "order",
        expected: `a nonce above ${previous.nonce} (step ${index})`,
        actual: String(tx.nonce),
      });
    if (mismatches.length > 0) reports.push({ step: index, hash: tx.hash, mismatches });
    previous = tx;
  }
  return reports;
}

const short = (hex: string) =>
  hex.length > 26 ? `${hex.slice(0, 14)}…${hex.slice(-8)} (${(hex.length - 2) / 2} bytes)` : hex;

/** One difference in words, e.g. "sent by 0xAbc…, not by you (0xDef…)". */
export function describeMismatch(mismatch: StepMismatch): string {
  switch (mismatch.field) {
    case "chainId":
      return mismatch.actual === null
        ? `it names no chain (expected chain ${mismatch.expected})`
        : `it is on chain ${mismatch.actual}, not ${mismatch.expected}`;
    case "from":
      return `it was sent by ${mismatch.actual}, not by you (${mismatch.expected})`;
    case "to":
      return `it calls ${mismatch.actual ?? "no contract (a deployment)"}, not ${mismatch.expected}`;
    case "input":
      return `its calldata ${short(mismatch.actual)} is not the step's ${short(mismatch.expected)}`;
    case "value":
      return `it sends ${mismatch.actual} wei, not ${mismatch.expected}`;
    case "order":
      return `it was sent out of order (nonce ${mismatch.actual}, expected ${mismatch.expected})`;
    case "nonce":
      return `it was sent before this proposal was made (nonce ${mismatch.actual}; its steps start at ${mismatch.expected} or later)`;
  }
}

/** A whole report in one sentence: "step 2 (0x…): it calls 0x…, not 0x…; its calldata …". */
export function describeMismatchReport(report: StepMismatchReport): string {
  return `step ${report.step + 1} (${report.hash}): ${report.mismatches.map(describeMismatch).join("; ")}`;
}
