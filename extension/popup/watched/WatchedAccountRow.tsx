import { useState } from "react";
import type { WatchedAccount } from "../../../shared/schemas/watchedAccounts";
import { sendToBackground } from "../../lib/messaging/sendToBackground";
import { HealthFactorPill } from "../../ui/components/HealthFactorPill";
import { shortAddress } from "../../ui/format";
import { AaveAccountCard } from "../overview/AaveAccountCard";
import { useBackgroundData } from "../useBackgroundData";
import { useNow } from "../watch/WatchStatus";
import { WatchedEditForm } from "./WatchedEditForm";
import { watchedWatchWords } from "./watchedWatchWords";

/**
 * One watched account: its name, its health factor read now (or why it cannot be), and on demand its positions.
 * Read-only: nothing here proposes or signs; only the signed-in wallet can.
 */
export function WatchedAccountRow({
  account,
  onRemove,
  onUpdated,
  busy,
}: {
  account: WatchedAccount;
  onRemove(): void;
  onUpdated(saved: WatchedAccount): void;
  busy: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const portfolio = useBackgroundData(
    () => sendToBackground({ type: "watched/portfolio", address: account.address }),
    `watched:${account.address}`,
  );
  const watchProblem = watchedWatchWords(account.watch, useNow());
  const accounts = (portfolio.data?.aave ?? []).filter((a) => a.supplies.length > 0 || a.borrows.length > 0);
  return (
    <li className="stack tight" data-testid="watched-account" data-address={account.address}>
      <button
        type="button"
        className="button link watched-name"
        onClick={() => setOpen((was) => !was)}
        aria-expanded={open}
        title={account.address}
      >
        {account.label ?? shortAddress(account.address)}
        {account.label && <span className="muted mono small"> {shortAddress(account.address)}</span>}
      </button>
      <div className="spread">
        {portfolio.data ? (
          <HealthFactorPill
            healthFactor={portfolio.data.healthFactor}
            alertThreshold={account.alertThreshold}
          />
        ) : (
          <span className="small muted" data-testid="watched-status">
            {portfolio.error ? "unavailable" : "reading…"}
          </span>
        )}
        <span className="small muted">alerts below {account.alertThreshold.toFixed(2)}</span>
      </div>
      {watchProblem && (
        <div className="small warning-text" role="status" data-testid="watched-watch">
          {watchProblem}
        </div>
      )}
      {portfolio.error && (
        <div className="small danger-text" data-testid="watched-error">
          {portfolio.error.message}
        </div>
      )}
      {open && (
        <div className="stack tight watched-positions" data-testid="watched-positions">
          {accounts.length === 0 && portfolio.data && <p className="small muted">No Aave position.</p>}
          {accounts.map((a) => (
            <AaveAccountCard key={a.chainId} account={a} alertThreshold={account.alertThreshold} />
          ))}
          {editing ? (
            <WatchedEditForm
              account={account}
              onDone={(saved) => {
                if (saved) onUpdated(saved);
                setEditing(false);
              }}
            />
          ) : confirming ? (
            <div className="row">
              <span className="small">Stop watching and alerting for this account?</span>
              <button
                type="button"
                className="button link small danger-text"
                disabled={busy}
                onClick={onRemove}
                data-testid="watched-remove-confirm"
              >
                Stop
              </button>
              <button type="button" className="button link small" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </div>
          ) : (
            <div className="row">
              <button
                type="button"
                className="button link small"
                onClick={() => setEditing(true)}
                data-testid="watched-edit"
              >
                Edit
              </button>
              <button
                type="button"
                className="button link small"
                onClick={() => setConfirming(true)}
                data-testid="watched-remove"
              >
                Stop watching
              </button>
            </div>
          )}
        </div>
      )}
    </li>
  );
}
