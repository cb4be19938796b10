import {
  type PublicClient,
  TransactionNotFoundError,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
} from "viem";
import {
  type ChainTransaction,
  describeMismatchReport,
  matchSubmittedTransactions,
} from "../../../../shared/automation/matchStepTransaction";
import type { Transaction } from "../../../../shared/schemas/transactions";
import { doneTitle } from "../../../proposals";
import { type AutomationHost, errorMessage, notifyAbout } from "./host";

/** A submitted transaction whose receipt has not appeared after this long is marked failed. */
export const RECEIPT_TIMEOUT_MS = 60 * 60_000;

/**
 * How long a confirmed proposal's transactions are looked up again: a chain reorganisation within this window that
 * drops them sends the proposal back to submitted, and the receipt watcher ends it in what the chain then says.
 */
export const REORG_WATCH_MS = 15 * 60_000;

/** What the chain says about a submitted proposal now; `mismatch`: its transactions are not its steps. */
type Outcome = { to: "confirmed" } | { to: "failed"; error: string; mismatch: boolean } | null;

const orNull =
  <T>(notFound: new (...args: never[]) => Error) =>
  (error: unknown): T | null => {
    if (error instanceof notFound) return null;
    throw error;
  };

/**
 * Reads what the chain says about one submitted proposal: each step's transaction must be the step's call from
 * the user in order (matched again here, whatever was checked when the hashes came in) and successful. Null while
 * it is still waiting.
 */
async function judge(
  client: PublicClient,
  transaction: Transaction,
  user: string,
  minNonce: number | null,
  now: number,
): Promise<Outcome> {
  const receipts = await Promise.all(
    transaction.txHashes.map((hash) =>
      client
        .getTransactionReceipt({ hash })
        .catch(orNull<TransactionReceipt>(TransactionReceiptNotFoundError)),
    ),
  );
  const txs = await Promise.all(
    transaction.txHashes.map((hash, i) =>
      receipts[i]
        ? client.getTransaction({ hash }).catch(orNull<ChainTransaction>(TransactionNotFoundError))
        : null,
    ),
  );
  const mismatches = matchSubmittedTransactions(transaction.steps, txs, user, minNonce);
  if (mismatches.length > 0) {
    return {
      to: "failed",
      mismatch: true,
      error: `the transactions reported are not this proposal's steps: ${mismatches.map(describeMismatchReport).join("; ")}`,
    };
  }
  // A receipt counts only with its transaction, matched above: a node that has the receipt but not (yet) the
  // transaction (a load-balanced RPC behind on its index) proves nothing about what was sent.
  const proven = receipts.map((receipt, i) => (txs[i] ? receipt : null));
  const reverted = proven.findIndex((r) => r?.status === "reverted");
  if (reverted >= 0) {
    return {
      to: "failed",
      mismatch: false,
      error: `step ${reverted + 1} reverted on-chain (${transaction.txHashes[reverted]})`,
    };
  }
  if (proven.every((r) => r?.status === "success")) return { to: "confirmed" };
  if (now - Date.parse(transaction.updatedAt) > RECEIPT_TIMEOUT_MS) {
    const unread = receipts.some((r, i) => r !== null && !txs[i]);
    return {
      to: "failed",
      mismatch: false,
      error: unread ? "its transactions could not be read within an hour" : "not mined within an hour",
    };
  }
  return null;
}

/**
 * Receipts of submitted proposals → confirmed / failed, positions invalidated, the user told. A proposal whose
 * transactions turn out not to be its steps ends failed with the reason, and gives the rule its cooldown and
 * trigger window back: nothing it asked for happened.
 */
export async function watchReceipts(host: AutomationHost, now: number): Promise<void> {
  await watchReorgs(host, now);
  for (const transaction of host.transactions.withStatus(["submitted"])) {
    try {
      const user = host.owner();
      if (!user) {
        host.log({ level: "warn", msg: "receipt check without an owner", transactionId: transaction.id });
        continue;
      }
      const minNonce = host.transactions.minNonceOf(transaction.id);
      const outcome = await judge(host.client(transaction.chainId), transaction, user, minNonce, now);
      if (!outcome) continue;
      const result = host.transactions.transition(
        transaction.id,
        outcome.to,
        outcome.to === "failed" ? { error: outcome.error } : {},
      );
      if (!result.ok) continue;
      if (outcome.to === "failed" && outcome.mismatch) releaseRule(host, result.transaction);
      host.invalidatePortfolio();
      void host.notify("tx_update", { transaction: result.transaction });
      if (outcome.to === "confirmed") {
        await notifyAbout(
          host,
          result.transaction,
          "success",
          doneTitle(transaction.preview),
          `${transaction.title}: confirmed on-chain.`,
        );
      } else {
        await notifyAbout(
          host,
          result.transaction,
          "error",
          `Transaction failed: ${outcome.error}`,
          transaction.title,
        );
      }
    } catch (error) {
      host.log({
        level: "error",
        msg: "receipt check failed",
        transactionId: transaction.id,
        error: errorMessage(error),
      });
    }
  }
}

/** The proposal's rule may propose again at once: its last execution goes back to the proposal before this one. */
function releaseRule(host: AutomationHost, transaction: Transaction): void {
  host.transactions.releaseKey(transaction.id);
  if (!transaction.ruleId) return;
  const previous = host.transactions.latestForRule(transaction.ruleId, transaction.id);
  host.rules.restoreLastExecution(transaction.ruleId, previous ? Date.parse(previous.createdAt) : null);
}

/**
 * Recently confirmed proposals whose transactions the chain no longer has, or has again but reverted (a reorg
 * that re-mined them over other state), go back to submitted; the receipt watcher then ends them as the chain says.
 */
async function watchReorgs(host: AutomationHost, now: number): Promise<void> {
  for (const transaction of host.transactions.withStatus(["confirmed"])) {
    if (now - Date.parse(transaction.updatedAt) > REORG_WATCH_MS) continue;
    try {
      const client = host.client(transaction.chainId);
      const receipts = await Promise.all(
        transaction.txHashes.map((hash) =>
          client
            .getTransactionReceipt({ hash })
            .catch(orNull<TransactionReceipt>(TransactionReceiptNotFoundError)),
        ),
      );
      // Still there and still successful: nothing changed. Gone, or re-mined in another block where it reverted,
      // the proposal is judged again from what the chain says now.
      if (receipts.every((r) => r?.status === "success")) continue;
      const result = host.transactions.transition(transaction.id, "submitted");
      if (!result.ok) continue;
      host.invalidatePortfolio();
      void host.notify("tx_update", { transaction: result.transaction });
      await notifyAbout(
        host,
        result.transaction,
        "warning",
        "Transaction undone by a chain reorganisation",
        `${transaction.title}: its transactions are no longer on the chain as confirmed; Vigil is watching for them again.`,
      );
    } catch (error) {
      host.log({
        level: "error",
        msg: "reorg check failed",
        transactionId: transaction.id,
        error: errorMessage(error),
      });
    }
  }
}
