import { type Address, TransactionNotFoundError, TransactionReceiptNotFoundError } from "viem";
import { poolErrorWords } from "../../../../shared/aave/poolErrors";
import {
  type ChainTransaction,
  checkSubmittedHashes,
  describeMismatchReport,
  matchSubmittedTransactions,
} from "../../../../shared/automation/matchStepTransaction";
import { findToken } from "../../../../shared/chains";
import type {
  Transaction,
  TransactionPreview,
  TransactionStatus,
} from "../../../../shared/schemas/transactions";
import { captureUpstream, unwrapOutcome } from "../../../chain/upstreamOutcome";
import { formatAaveAccount } from "../../../defi/aave/formatAaveAccount";
import { readAaveUser } from "../../../defi/aave/readAave";
import { healthFactorNow, riskOf, userAccountOf } from "../../../proposals";
import { simulateSteps } from "../../../transactionSteps";
import { type AutomationHost, type LifecycleResult, notifyAbout } from "./host";

/** Two steps reported with one hash: a hash proves one transaction, so one of them is not what it claims. */
function duplicateHashConflict(problem: { hash: `0x${string}`; steps: [number, number] }): LifecycleResult {
  const [first, second] = problem.steps;
  return {
    ok: false,
    reason: "conflict",
    code: "duplicate_hash",
    message: `steps ${first + 1} and ${second + 1} were reported with the same hash ${problem.hash}`,
    data: { hash: problem.hash, steps: problem.steps },
  };
}

/** After one told expiry of a rule's proposal, how long further unanswered expiries of that rule stay quiet. */
export const REPEATED_EXPIRY_QUIET_MS = 60 * 60_000;

const EXPIRED: LifecycleResult = {
  ok: false,
  reason: "conflict",
  code: "expired",
  message: "the proposal has expired; the rule will propose again if its trigger still holds",
};

/** For a proposal ended after a wallet declined a later step: which of its steps are on chain all the same. */
export function alreadySent(transaction: Transaction): string {
  const sent = transaction.txHashes.length;
  if (sent === 0 || transaction.status === "submitted" || transaction.status === "confirmed") return "";
  return ` ${sent === 1 ? "Step 1 was" : `Steps 1–${sent} were`} sent; the action itself did not happen.`;
}

/**
 * What the user does with a proposal (approve, reject, report hashes, decline in the wallet, re-simulate) and
 * what time does to it (expiry). Every change goes out as a tx_update; endings the user did not cause themselves
 * also as a notification.
 */
export class ProposalLifecycle {
  constructor(private readonly host: AutomationHost) {}

  /**
   * The user is about to sign. A proposal past its expiry is expired here rather than approved, even before the
   * tick that would expire it: its plan, simulation and gas are from a market that may be gone.
   */
  async approve(id: string, now: number = this.host.now()): Promise<LifecycleResult> {
    const current = this.host.transactions.get(id);
    if (current?.status === "pending" && current.expiresAt !== null && Date.parse(current.expiresAt) <= now) {
      await this.expire(now);
      return EXPIRED;
    }
    return this.move(id, "approved");
  }

  async reject(id: string): Promise<LifecycleResult> {
    const result = this.move(id, "rejected");
    if (result.ok) {
      await notifyAbout(
        this.host,
        result.transaction,
        "info",
        "Transaction cancelled",
        `${result.transaction.title}: you rejected it.${alreadySent(result.transaction)}`,
      );
    }
    return result;
  }

  /**
   * The wallet answered "declined" (EIP-1193 4001) for step `stepIndex`. That answer is a claim: the page relaying
   * the wallet, a misbehaving wallet or a stray click can produce it, and it must not end a protective transaction
   * the user wanted. So the proposal stays approved and can be signed again until it expires (or the user rejects
   * it in Vigil); the user is told once. `sentHashes` are the steps before it: each must be that step, sent by
   * `user` and mined successfully (read from the chain), and signing again resumes after them.
   */
  async walletRejected(
    id: string,
    stepIndex: number,
    sentHashes: `0x${string}`[],
    user: Address,
  ): Promise<LifecycleResult> {
    const current = this.host.transactions.get(id);
    if (!current) return { ok: false, reason: "not_found" };
    const total = current.steps.length;
    if (stepIndex >= total) {
      return {
        ok: false,
        reason: "conflict",
        code: "no_such_step",
        message: `the proposal has ${total} step${total === 1 ? "" : "s"}; there is no step ${stepIndex + 1}`,
      };
    }
    if (current.status !== "approved") {
      return {
        ok: false,
        reason: "conflict",
        code: "invalid_transition",
        message: `the proposal is ${current.status}, not being signed: only an approved one can be declined in the wallet`,
        data: { status: current.status },
      };
    }
    const sentProblem = await this.checkSent(current, stepIndex, sentHashes, user);
    if (sentProblem) return sentProblem;
    const error =
      stepIndex === 0
        ? "Your wallet declined it; nothing was sent. Sign again, or reject it."
        : `Your wallet declined step ${stepIndex + 1} of ${total}; it was not sent. ${stepIndex === 1 ? "Step 1 is" : `Steps 1–${stepIndex} are`} on chain: signing again continues from step ${stepIndex + 1}.`;
    const transaction = this.host.transactions.recordDecline(id, { stepIndex, sentHashes, error });
    if (!transaction) return this.invalid(current.status, "approved");
    void this.host.notify("tx_update", { transaction });
    await notifyAbout(
      this.host,
      transaction,
      "warning",
      "Your wallet declined the transaction",
      `${transaction.title}: ${error}`,
    );
    return { ok: true, transaction };
  }

  /**
   * Null when `hashes` are exactly the first `count` steps, each sent by `user` and mined successfully on the
   * step's chain; else why not. A wallet's or page's word that a step went through is not enough to skip it.
   */
  private async checkSent(
    current: Transaction,
    count: number,
    hashes: `0x${string}`[],
    user: Address,
  ): Promise<LifecycleResult | null> {
    const steps = current.steps.slice(0, count);
    const listProblem = checkSubmittedHashes(steps, hashes);
    if (listProblem?.reason === "hash_count") {
      return {
        ok: false,
        reason: "conflict",
        code: "hash_count",
        message: `step ${count + 1} was declined, so ${count} hash${count === 1 ? "" : "es"} of the steps before it must be sent, not ${listProblem.actual}`,
        data: { expected: listProblem.expected, actual: listProblem.actual },
      };
    }
    if (listProblem?.reason === "duplicate_hash") return duplicateHashConflict(listProblem);
    if (hashes.length === 0) return null;
    const reused = this.hashReused(hashes, current.id);
    if (reused) return reused;
    const client = this.host.client(current.chainId);
    const read = await captureUpstream("Reading the sent steps", () =>
      Promise.all(
        hashes.map(async (hash) => {
          const [transaction, receipt] = await Promise.all([
            client.getTransaction({ hash }),
            client.getTransactionReceipt({ hash }),
          ]).catch((error: unknown) => {
            if (error instanceof TransactionNotFoundError || error instanceof TransactionReceiptNotFoundError)
              return [null, null] as const;
            throw error;
          });
          return { transaction, succeeded: receipt?.status === "success" };
        }),
      ),
    );
    if (!read.ok) return { ok: false, reason: "upstream", failure: read.failure };
    const unsent = read.value.findIndex((seen) => !seen.transaction || !seen.succeeded);
    if (unsent >= 0) {
      const seen = read.value[unsent];
      return {
        ok: false,
        reason: "conflict",
        code: "step_not_sent",
        message: `step ${unsent + 1} (${hashes[unsent]}) ${seen?.transaction ? "reverted on chain" : "is not mined on chain"}: it cannot be skipped`,
        data: { step: unsent, hash: hashes[unsent] },
      };
    }
    const mismatches = matchSubmittedTransactions(
      steps,
      read.value.map((seen) => seen.transaction),
      user,
      this.host.transactions.minNonceOf(current.id),
    );
    if (mismatches.length > 0) {
      return {
        ok: false,
        reason: "conflict",
        code: "transaction_mismatch",
        message: `the transactions are not this proposal's steps: ${mismatches.map(describeMismatchReport).join("; ")}`,
        data: { steps: mismatches },
      };
    }
    return this.hashReused(hashes, current.id);
  }

  /**
   * The hashes the wallet returned for the steps. Accepted only when there is exactly one distinct hash per
   * step, none proves another proposal, and each transaction the chain already knows is that step's call sent by
   * `user` (the verified session's wallet) in order. A hash the chain does not know yet is accepted: the receipt
   * watcher matches every transaction again before anything is confirmed.
   */
  async submitted(id: string, txHashes: `0x${string}`[], user: Address): Promise<LifecycleResult> {
    const current = this.host.transactions.get(id);
    if (!current) return { ok: false, reason: "not_found" };
    // Only the client's first report: a confirmed proposal goes back to submitted only by a reorg (receipts.ts).
    if (current.status !== "approved") return this.invalid(current.status, "submitted");
    const listProblem = checkSubmittedHashes(current.steps, txHashes);
    if (listProblem?.reason === "hash_count") {
      return {
        ok: false,
        reason: "conflict",
        code: "hash_count",
        message: `the proposal has ${listProblem.expected} step${listProblem.expected === 1 ? "" : "s"} but ${listProblem.actual} hash${listProblem.actual === 1 ? " was" : "es were"} sent: send exactly one per step`,
        data: { expected: listProblem.expected, actual: listProblem.actual },
      };
    }
    if (listProblem?.reason === "duplicate_hash") return duplicateHashConflict(listProblem);
    const reused = this.hashReused(txHashes, id);
    if (reused) return reused;
    const client = this.host.client(current.chainId);
    const read = await captureUpstream("Reading the reported transactions", () =>
      Promise.all(
        txHashes.map((hash) =>
          client.getTransaction({ hash }).catch((error: unknown): ChainTransaction | null => {
            if (error instanceof TransactionNotFoundError) return null;
            throw error;
          }),
        ),
      ),
    );
    if (!read.ok) return { ok: false, reason: "upstream", failure: read.failure };
    const mismatches = matchSubmittedTransactions(
      current.steps,
      read.value,
      user,
      this.host.transactions.minNonceOf(id),
    );
    if (mismatches.length > 0) {
      return {
        ok: false,
        reason: "conflict",
        code: "transaction_mismatch",
        message: `the transactions are not this proposal's steps: ${mismatches.map(describeMismatchReport).join("; ")}`,
        data: { steps: mismatches },
      };
    }
    // Again after the reads, with no await before the write: a concurrent report of the same hashes for another
    // proposal passed the first check while this one read the chain.
    return this.hashReused(txHashes, id) ?? this.move(id, "submitted", { txHashes, error: null });
  }

  /** A conflict when any of the hashes was reported for another proposal; null when none was. */
  private hashReused(txHashes: readonly `0x${string}`[], id: string): LifecycleResult | null {
    const other = this.host.transactions.withAnyHash(txHashes, id);
    if (!other) return null;
    return {
      ok: false,
      reason: "conflict",
      code: "hash_reused",
      message: `a hash was already reported for another proposal ("${other.title}")`,
      data: { transactionId: other.id },
    };
  }

  /** Re-simulates a pending/approved proposal right before signing; a stale one (expired, reverting) is refused. */
  async resimulate(id: string, now: number): Promise<LifecycleResult> {
    const current = this.host.transactions.get(id);
    if (!current) return { ok: false, reason: "not_found" };
    if (current.status !== "pending" && current.status !== "approved") {
      return {
        ok: false,
        reason: "conflict",
        code: "invalid_transition",
        message: `the proposal is ${current.status}; only pending or approved ones can be simulated`,
      };
    }
    if (current.expiresAt !== null && Date.parse(current.expiresAt) <= now) {
      await this.expire(now);
      return EXPIRED;
    }
    const owner = this.host.owner();
    if (!owner)
      return {
        ok: false,
        reason: "conflict",
        code: "no_owner",
        message: "no wallet address is known for this user",
      };
    // Steps already mined (kept after a wallet's decline) are part of the chain's state now: only the rest runs.
    const sent = current.txHashes.length;
    const simulated = await captureUpstream("Re-simulating the proposal", async () => {
      const [simulation, figures] = await Promise.all([
        simulateSteps(this.host.client(current.chainId), owner, current.steps.slice(sent)),
        // Today's figures are a courtesy beside the simulation: a failed read leaves the worked-out ones, said as such.
        current.preview
          ? this.figuresNow(current.chainId, current.preview, owner).catch((error: unknown) => {
              this.host.log({ event: "recheck_failed", id, error: String(error) });
              return null;
            })
          : null,
      ]);
      return { simulation, figures };
    });
    if (!simulated.ok) return { ok: false, reason: "upstream", failure: simulated.failure };
    const { simulation, figures } = simulated.value;
    if (!simulation.ok) {
      const step = `step ${sent + simulation.failedStep + 1}`;
      const known = current.preview ? poolErrorWords(simulation.revertReason, current.preview.asset) : null;
      return {
        ok: false,
        reason: "conflict",
        code: "stale",
        message: known
          ? `the proposal is stale: ${step} would fail now because ${known.said} (${known.source})`
          : `the proposal is stale: ${step} would revert now (${simulation.revertReason})`,
      };
    }
    const preview = current.preview;
    if (!preview) return { ok: true, transaction: current };
    const updated = this.host.transactions.updatePreview(id, {
      ...preview,
      simulation: {
        ok: true,
        blockNumber: String(simulation.blockNumber),
        simulatedAt: new Date(now).toISOString(),
        gasUsed: [...preview.simulation.gasUsed.slice(0, sent), ...simulation.gasUsed.map(String)],
      },
      ...(figures
        ? {
            recheck: {
              blockNumber: String(simulation.blockNumber),
              checkedAt: new Date(now).toISOString(),
              ...figures,
            },
          }
        : {}),
    });
    return updated ? { ok: true, transaction: updated } : { ok: false, reason: "not_found" };
  }

  /**
   * The user's health factor as the chain has it now, what the proposal's amount does to it, and the risk forecast
   * on both: read beside the re-simulation, so the approval page shows today's figures when the wallet opens. Null
   * when the asset is not served here any more (nothing to compute it with); no risk when the price history could
   * not be read (the page then says the worked-out forecast is old).
   */
  private async figuresNow(
    chainId: number,
    preview: TransactionPreview,
    owner: Address,
  ): Promise<Pick<NonNullable<TransactionPreview["recheck"]>, "healthFactor" | "risk"> | null> {
    const chain = this.host.chains().find((c) => c.chainId === chainId);
    const token = chain ? findToken(chain, preview.asset) : undefined;
    if (!chain?.aave || !token) return null;
    const client = this.host.client(chainId);
    const market = unwrapOutcome(await this.host.aaveMarket(chainId)).value;
    const user = await readAaveUser({ client, chainId, market: chain.aave, user: owner });
    const today = healthFactorNow({ preview, token, market, account: userAccountOf(market, user) });
    if (today.change === null) return { healthFactor: today.healthFactor };
    const history = await this.host.priceHistory(chainId).catch((error: unknown) => {
      this.host.log({ event: "recheck_history_failed", chainId, error: String(error) });
      return null;
    });
    if (history === null) return { healthFactor: today.healthFactor };
    // The same account, history and model as the dashboard's forecast: "before" is the number the popup shows.
    const account = formatAaveAccount({ market, user, pool: chain.aave.pool });
    const change = { ...today.change, healthFactor: today.healthFactor.after };
    const [before, after] = await Promise.all([
      riskOf(account, preview.risk.horizon, history),
      riskOf(account, preview.risk.horizon, history, change),
    ]);
    return { healthFactor: today.healthFactor, risk: { before, after } };
  }

  /**
   * A rule with a short cooldown and expiry re-proposes every minute or two while nobody answers: its first
   * unanswered proposal's expiry is told; the next ones, each within REPEATED_EXPIRY_QUIET_MS of the one before, are only updates (each new
   * proposal is still notified). One the wallet already sent steps of is always told.
   */
  private repeatsAnExpiry(transaction: Transaction, now: number): boolean {
    if (transaction.ruleId === null || transaction.txHashes.length > 0) return false;
    const previous = this.host.transactions.latestForRule(transaction.ruleId, transaction.id);
    return (
      previous?.status === "expired" &&
      previous.txHashes.length === 0 &&
      now - Date.parse(previous.updatedAt) < REPEATED_EXPIRY_QUIET_MS
    );
  }

  /** Pending/approved proposals past their expiry → expired, and the user told. */
  async expire(now: number): Promise<void> {
    for (const transaction of this.host.transactions.expireDue(now)) {
      void this.host.notify("tx_update", { transaction });
      if (this.repeatsAnExpiry(transaction, now)) continue;
      await notifyAbout(
        this.host,
        transaction,
        "info",
        "Proposal expired",
        `${transaction.title}: it was not approved in time.${alreadySent(transaction)}`,
      );
    }
  }

  private move(
    id: string,
    to: "approved" | "rejected" | "submitted",
    patch: { txHashes?: `0x${string}`[]; error?: string | null } = {},
  ): LifecycleResult {
    const result = this.host.transactions.transition(id, to, patch);
    if (result.ok) {
      void this.host.notify("tx_update", { transaction: result.transaction });
      return result;
    }
    if (result.reason === "not_found") return result;
    return this.invalid(result.from, result.to);
  }

  private invalid(from: TransactionStatus, to: TransactionStatus): LifecycleResult {
    return {
      ok: false,
      reason: "conflict",
      code: "invalid_transition",
      message: `a ${from} transaction cannot become ${to}`,
      data: { status: from },
    };
  }
}
