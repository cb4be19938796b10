import { withdrawnBecause } from "../../../shared/automation/withdrawn";
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
  /** What went wrong, or why it ended without action (a withdrawn proposal's reason). */
  error: string | null;
  /** Red only for what went wrong; the reason a proposal ended without action is not an error. */
  errorTone: Tone;
  hashes: HistoryHash[];
}

/** A proposal Vigil withdrew (its rule stopped before it was approved) is no rejection by the user: said as such. */
function withdrawnLook(tx: Transaction): Pick<HistoryRow, "label" | "tone" | "error"> | null {
  const because = tx.status === "rejected" ? withdrawnBecause(tx.error) : null;
  if (because === null) return null;
  return {
    label: "Withdrawn",
    tone: "muted",
    error: `${because.charAt(0).toUpperCase()}${because.slice(1)} before approving it. Nothing was signed.`,
  };
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
      errorTone: tx.status === "failed" ? ("danger" as const) : ("muted" as const),
      ...withdrawnLook(tx),
      hashes: tx.txHashes.map((hash) => ({ hash, url: transactionExplorerUrl(tx.chainId, hash) })),
    }));
}
