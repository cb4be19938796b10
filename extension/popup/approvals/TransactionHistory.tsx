import { sendToBackground } from "../../lib/messaging/sendToBackground";
import { chainLabel, formatAge } from "../../ui/format";
import { useBackgroundData } from "../useBackgroundData";
import { historyRows, type Tone } from "./transactionHistory";

const toneClass: Record<Tone, string> = {
  safe: "safe-text",
  danger: "danger-text",
  muted: "muted",
  info: "warning-text",
};
const shortHash = (hash: string) => `${hash.slice(0, 10)}…${hash.slice(-6)}`;

/** Every proposal with its final state; `version` changes when the pending list does, which reloads it. */
export function TransactionHistory({ version }: { version: string }) {
  const { data, error } = useBackgroundData(() => sendToBackground({ type: "transactions/list" }), version);
  const rows = data ? historyRows(data.transactions) : null;
  const now = Date.now();
  return (
    <section className="stack" data-testid="transaction-history">
      <h3>History</h3>
      {error && (
        <div className="notice error" role="alert">
          {error.message}
        </div>
      )}
      {!rows && !error && <div className="skeleton" style={{ height: 56 }} data-testid="history-loading" />}
      {rows && rows.length === 0 && (
        <p className="small muted" data-testid="history-none">
          No proposals yet.
        </p>
      )}
      {rows?.map((row) => (
        <article
          className="card stack tight"
          key={row.id}
          data-testid="history-transaction"
          data-proposal-id={row.id}
          data-status={row.status}
        >
          <div className="spread">
            <strong className="small">{row.title}</strong>
            <span className={`small ${toneClass[row.tone]}`} data-testid="history-status">
              {row.label}
            </span>
          </div>
          <span className="small muted">
            {chainLabel(row.chainId)} · {formatAge(now - Date.parse(row.at))}
          </span>
          {row.error && (
            <span className={`small ${toneClass[row.errorTone]}`} data-testid="history-detail">
              {row.error}
            </span>
          )}
          {row.hashes.map(({ hash, url }) =>
            url ? (
              <a
                key={hash}
                className="small mono"
                href={url}
                target="_blank"
                rel="noreferrer"
                data-testid="history-hash"
              >
                {shortHash(hash)}
              </a>
            ) : (
              <span key={hash} className="small mono muted" title={hash} data-testid="history-hash">
                {shortHash(hash)}
              </span>
            ),
          )}
        </article>
      ))}
    </section>
  );
}
