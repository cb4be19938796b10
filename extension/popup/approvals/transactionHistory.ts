import { transactionExplorerUrl } from "../../../shared/chains";
import type { Transaction, TransactionStatus } from "../../../shared/schemas/transactions";

export type Tone = "safe" | "danger" | "muted" | "info";

/** Each status in words, and how it should look: done, went wrong, ended without action, or still moving. */
const statusLook: Record<TransactionStatus, { label: string; tone: Tone }> = {
  pending: { label: "Waiting for approval", tone: "info" },
  approved: { label: "Approved, not sent", tone: "info" },
  submitted: { label: "Sent, waiting for the chain", tone: "info" },
  confirmed: { label: "Confirmed", tone: "safe" },
  failed: { label: "Failed", tone: "danger" },
  rejected: { label: "Rejected", tone: "muted" },
  expired: { label: "Expired", tone: "muted" },
};

export interface HistoryHash {
  hash: string;
  /** The chain's block explorer page, or null where there is none (the devnet). */
  url: string | null;
}

export interface HistoryRow {
  id: string;
  title: string;
  status: TransactionStatus;
  label: string;
  tone: Tone;
  chainId: number;
  /** When it last changed: for a finished proposal, when it ended. */
  at: string;
  error: string | null;
  hashes: HistoryHash[];
}

/** The popup's transaction history: every proposal, newest change first, hashes linked where an explorer exists. */
export function historyRows(transactions: readonly Transaction[]): HistoryRow[] {
  return [...transactions]
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
    .map((tx) => ({
      id: tx.id,
      title: tx.title,
      status: tx.status,
      ...statusLook[tx.status],
      chainId: tx.chainId,
      at: tx.updatedAt,
      error: tx.error,
      hashes: tx.txHashes.map((hash) => ({ hash, url: transactionExplorerUrl(tx.chainId, hash) })),
    }));
}
