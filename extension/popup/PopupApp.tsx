import { browser } from "wxt/browser";
import type { Portfolio } from "../lib/api/contract";
import { Logo } from "../ui/components/Logo";
import { formatAge, shortAddress } from "../ui/format";
import { AccountCard } from "./AccountCard";
import { PortfolioView } from "./PortfolioView";
import { EmptyState, ErrorState, LoadingState, SignedOutState } from "./states";
import { useDashboard } from "./useDashboard";
import "./popup.css";

export function PopupApp() {
  const { view, live, refreshing, refresh, signOut, openConnectPage } = useDashboard();
  const openOptions = () => void browser.runtime.openOptionsPage();

  return (
    <div className="popup" data-testid="popup" data-state={view.kind}>
      <header className="popup-header spread">
        <div className="row">
          <Logo />
          <h1>Vigil</h1>
        </div>
        <div className="row">
          {view.kind === "signedIn" && (
            <span className="small muted mono" title={view.session.address} data-testid="signed-in-address">
              {shortAddress(view.session.address)}
            </span>
          )}
          <button type="button" className="button link small" onClick={openOptions}>
            Settings
          </button>
        </div>
      </header>
      <main className="popup-body stack">
        {view.kind === "loading" && <LoadingState />}
        {view.kind === "signedOut" && <SignedOutState reason={view.reason} onSignIn={openConnectPage} />}
        {view.kind === "signedIn" && !view.data && view.error && !refreshing && (
          <ErrorState error={view.error} onRetry={refresh} />
        )}
        {view.kind === "signedIn" && !view.data && !(view.error && !refreshing) && <LoadingState />}
        {view.kind === "signedIn" && view.data && (
          <>
            {view.error && (
              <div className="notice error" role="status">
                Couldn’t refresh: {view.error.message} Showing data from{" "}
                {formatAge(Date.now() - view.data.fetchedAt)}.
              </div>
            )}
            {view.data.portfolio ? (
              hasPositions(view.data.portfolio) ? (
                <PortfolioView portfolio={view.data.portfolio} />
              ) : (
                <EmptyState address={view.session.address} />
              )
            ) : (
              <AccountCard me={view.data.me} />
            )}
          </>
        )}
      </main>
      {view.kind === "signedIn" && (
        <footer className="popup-footer spread small muted">
          <div className="row">
            <span className="row" data-testid="live" data-live={live} title="Live updates from Vigil">
              <span
                className="badge-dot"
                style={{
                  background:
                    live === "live"
                      ? "var(--safe)"
                      : live === "connecting"
                        ? "var(--warning)"
                        : "var(--border)",
                }}
              />
              {live === "live" ? "Live" : live === "connecting" ? "Connecting…" : "Offline"}
            </span>
            <span data-testid="freshness">
              {refreshing
                ? "· updating…"
                : view.data
                  ? `· updated ${formatAge(Date.now() - view.data.fetchedAt)}`
                  : ""}
            </span>
          </div>
          <div className="row">
            <button
              type="button"
              className="button link small"
              onClick={() => void refresh()}
              disabled={refreshing}
            >
              Refresh
            </button>
            <button type="button" className="button link small" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </footer>
      )}
    </div>
  );
}

function hasPositions(portfolio: Portfolio) {
  return (
    portfolio.aave.some((account) => account.supplies.length > 0 || account.borrows.length > 0) ||
    portfolio.eigenLayer.some((account) => account.positions.length > 0)
  );
}
