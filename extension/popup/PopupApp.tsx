import { Suspense, useState } from "react";
import { browser } from "wxt/browser";
import type { Portfolio } from "../lib/api/contract";
import type { MessageError } from "../lib/messages";
import type { DashboardCache } from "../lib/storage/dashboardCache";
import { apiActionBlock, apiHealth, degradedChains } from "../lib/watch/watchHealth";
import { Logo } from "../ui/components/Logo";
import { formatAge, shortAddress } from "../ui/format";
import { supersededProposals } from "../ui/superseded";
import { AccountCard } from "./AccountCard";
import { ApiOfflineContext } from "./apiOffline";
import { usePendingApprovals } from "./approvals/usePendingApprovals";
import {
  ApprovalsPanel,
  HistoryPanel,
  PanelLoading,
  RulesPanel,
  TransactionHistory,
  WatchedAccounts,
} from "./lazyPanels";
import { PopupFooter } from "./PopupFooter";
import { PortfolioView } from "./PortfolioView";
import { usePopupSnapshot } from "./snapshot/usePopupSnapshot";
import { EmptyState, ErrorState, LoadingState, SignedOutState } from "./states";
import { useDashboard } from "./useDashboard";
import { NotificationsBlocked } from "./watch/NotificationsBlocked";
import { RecentLiquidations } from "./watch/RecentLiquidations";
import { UnavailableChains, useNow, WatchBanners } from "./watch/WatchStatus";
import "./popup.css";

type Tab = "overview" | "history" | "rules" | "approvals";

export function PopupApp() {
  const { view, live, refreshing, refresh, retrySession, signOut, openConnectPage, watchStopped } =
    useDashboard();
  const now = useNow();
  const [tab, setTab] = useState<Tab>("overview");
  usePopupSnapshot(view, tab);
  const openOptions = () => void browser.runtime.openOptionsPage();
  const signedIn = view.kind === "signedIn";
  const data = signedIn ? view.data : null;
  const pending = usePendingApprovals(signedIn);
  const pendingCount = pending.data?.length ?? 0;
  const portfolio = data?.portfolio ?? null;
  // Below HF 1 the rescue card leads; earlier proposals it replaces are folded under it, not announced here.
  const superseded = supersededProposals(pending.data ?? [], portfolio?.aave ?? []);
  const waitingCount = pendingCount - superseded.length;

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
      {view.kind === "signedIn" && data && (
        <div className="tabs" role="tablist" aria-label="Dashboard">
          <TabButton id="overview" tab={tab} setTab={setTab} label="Overview" />
          <TabButton id="history" tab={tab} setTab={setTab} label="History" />
          <TabButton id="rules" tab={tab} setTab={setTab} label="Rules" />
          {/* Only what waits for a signature: a proposal the rescue replaced is listed there, not counted. */}
          <TabButton id="approvals" tab={tab} setTab={setTab} label="Approvals" count={waitingCount} />
        </div>
      )}
      <ApiOfflineContext.Provider value={signedIn ? apiActionBlock(view.error) : null}>
        <main className="popup-body stack">
          {view.kind === "loading" && <LoadingState />}
          {view.kind === "failed" && <ErrorState error={view.error} onRetry={retrySession} />}
          {view.kind === "signedOut" && (
            <SignedOutState reason={view.reason} stopped={watchStopped} onSignIn={openConnectPage} />
          )}
          {view.kind === "signedIn" && (
            <WatchBanners
              address={view.session.address}
              refreshExpiresAt={view.session.expiresAt}
              data={view.data}
              now={now}
              onSignIn={openConnectPage}
            />
          )}
          {view.kind === "signedIn" && <NotificationsBlocked />}
          {view.kind === "signedIn" && !view.data && view.error && !refreshing && (
            <ErrorState error={view.error} onRetry={refresh} />
          )}
          {view.kind === "signedIn" && !view.data && !(view.error && !refreshing) && <LoadingState />}
          {view.kind === "signedIn" && view.data && (
            <>
              {/* Every chain failing is said per chain below, with each one's data age: not twice. */}
              {view.error && !(tab === "overview" && chainsDownShownBelow(view.error, view.data)) && (
                <div className="notice error" role="status">
                  Couldn’t refresh: {view.error.message} Showing data from{" "}
                  {formatAge(now - view.data.fetchedAt)}.
                </div>
              )}
              {tab === "overview" && <RecentLiquidations account={view.session.address} now={now} />}
              {tab === "overview" && waitingCount > 0 && (
                <button
                  type="button"
                  className="notice info pending-banner"
                  onClick={() => setTab("approvals")}
                >
                  {waitingCount === 1 ? "1 proposal waits" : `${waitingCount} proposals wait`} for your
                  signature →
                </button>
              )}
              {tab === "overview" && <UnavailableChains data={view.data} now={now} />}
              {tab === "overview" &&
                (view.data.portfolio ? (
                  hasPositions(view.data.portfolio) ? (
                    <PortfolioView portfolio={view.data.portfolio} superseded={superseded} />
                  ) : (
                    <EmptyState address={view.session.address} />
                  )
                ) : (
                  <AccountCard me={view.data.me} />
                ))}
              <Suspense fallback={<PanelLoading />}>
                {tab === "overview" && view.data.portfolio && (
                  <WatchedAccounts ownAddress={view.session.address} />
                )}
                {tab === "history" && <HistoryPanel dashboardVersion={view.data.fetchedAt} />}
                {tab === "rules" && (
                  <RulesPanel
                    defaultChainId={portfolio?.aave[0]?.chainId ?? portfolio?.asOf[0]?.chainId ?? 1}
                    portfolio={portfolio}
                    maxRules={view.data.me.subscription.limits.maxRules}
                  />
                )}
                {tab === "approvals" && (
                  <>
                    <ApprovalsPanel
                      pending={pending.data}
                      error={pending.error}
                      healthFactorOn={(chainId) =>
                        portfolio?.aave.find((account) => account.chainId === chainId)?.healthFactor ?? null
                      }
                      superseded={superseded}
                      onShowRescue={() => setTab("overview")}
                    />
                    <TransactionHistory
                      version={(pending.data ?? []).map((tx) => `${tx.id}:${tx.status}`).join(",")}
                    />
                  </>
                )}
              </Suspense>
            </>
          )}
        </main>
      </ApiOfflineContext.Provider>
      {view.kind === "signedIn" && (
        <PopupFooter
          live={live}
          error={view.error}
          data={view.data}
          now={now}
          refreshing={refreshing}
          onRefresh={() => void refresh()}
          onSignOut={() => void signOut()}
        />
      )}
    </div>
  );
}

function TabButton({
  id,
  tab,
  setTab,
  label,
  count = 0,
}: {
  id: Tab;
  tab: Tab;
  setTab: (tab: Tab) => void;
  label: string;
  count?: number;
}) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={tab === id}
      className={tab === id ? "active" : ""}
      onClick={() => setTab(id)}
      data-testid={`tab-${id}`}
    >
      {label}
      {count > 0 && (
        <span className="count" data-testid={`tab-${id}-count`}>
          {count}
        </span>
      )}
    </button>
  );
}

function hasPositions(portfolio: Portfolio) {
  return (
    portfolio.aave.some((account) => account.supplies.length > 0 || account.borrows.length > 0) ||
    portfolio.eigenLayer.some((account) => account.positions.length > 0)
  );
}

/** The refresh failed only because no chain could be read, and the overview names each such chain already. */
function chainsDownShownBelow(error: MessageError, data: DashboardCache): boolean {
  return (
    apiHealth(error) === "chainsDown" && degradedChains(data.portfolio?.chains, data.me.watch).length > 0
  );
}
