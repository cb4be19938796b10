import type { MessageError } from "../../shared/messages";
import type { WatchStopped } from "../lib/storage/watchAlerts";
import { AlertIcon, EmptyIcon, LockIcon } from "../ui/components/Icons";
import { formatAge, shortAddress } from "../ui/format";

export function LoadingState() {
  return (
    <div className="stack" data-testid="loading" role="status" aria-busy="true" aria-label="Loading">
      <div className="card stack">
        <div className="skeleton" style={{ height: 14, width: "40%" }} />
        <div className="skeleton" style={{ height: 30, width: "55%" }} />
      </div>
      <div className="card stack">
        <div className="skeleton" style={{ height: 12, width: "70%" }} />
        <div className="skeleton" style={{ height: 12, width: "85%" }} />
        <div className="skeleton" style={{ height: 12, width: "60%" }} />
      </div>
    </div>
  );
}

const signedOutLead = {
  never:
    "Watch your Aave and EigenLayer positions, get warned before liquidation, approve fixes from your wallet.",
  signedOut: "You signed out. Sign in again to see your positions.",
  expired: "Your session expired. Sign in again to keep watching your positions.",
} as const;

export function SignedOutState({
  reason,
  stopped,
  onSignIn,
}: {
  reason: keyof typeof signedOutLead | undefined;
  /** The watch ended without the user signing out: say whose watch stopped, in words that ask for action. */
  stopped: WatchStopped | null;
  onSignIn: () => void;
}) {
  return (
    <div className="card state" data-testid="signed-out">
      <div className="icon">
        <LockIcon />
      </div>
      <h2>Sign in with your wallet</h2>
      {stopped && reason !== "signedOut" ? (
        <div className="notice error" role="alert" data-testid="watch-stopped">
          Vigil stopped watching {shortAddress(stopped.address)} {formatAge(Date.now() - stopped.at)}: sign in
          again.
        </div>
      ) : (
        <p className="muted">{signedOutLead[reason ?? "never"]}</p>
      )}
      <button type="button" className="button block" onClick={onSignIn} data-testid="sign-in">
        Sign in with Ethereum
      </button>
      <p className="small muted">Opens a tab where your wallet signs a message. No transaction, no gas.</p>
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: MessageError; onRetry: () => void }) {
  return (
    <div className="card state" data-testid="error" role="alert">
      <div className="icon" style={{ background: "#fdecec" }}>
        <AlertIcon />
      </div>
      <h2>Couldn’t load your dashboard</h2>
      <p className="muted">{error.message}</p>
      <button type="button" className="button secondary" onClick={onRetry}>
        Try again
      </button>
      <p className="small muted">Check the API URL in Settings if this keeps happening.</p>
    </div>
  );
}

export function EmptyState({ address }: { address: string }) {
  return (
    <div className="card state" data-testid="empty">
      <div className="icon">
        <EmptyIcon />
      </div>
      <h2>No positions yet</h2>
      <p className="muted">
        {shortAddress(address)} has no Aave V3 supplies or borrows and nothing restaked on EigenLayer on the
        chains Vigil watches.
      </p>
    </div>
  );
}
