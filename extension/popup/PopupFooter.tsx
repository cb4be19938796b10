import type { MessageError } from "../lib/messages";
import type { DashboardCache } from "../lib/storage/dashboardCache";
import type { LiveStatus } from "../lib/storage/live";
import { formatAge } from "../ui/format";
import { ConnectionStatus, HeartbeatLabel } from "./watch/WatchStatus";

interface PopupFooterProps {
  live: LiveStatus;
  error: MessageError | null;
  data: DashboardCache | null;
  now: number;
  refreshing: boolean;
  onRefresh: () => void;
  onSignOut: () => void;
}

/**
 * The signed-in popup's last line: the connection state and how fresh the figures are, then Refresh and Sign out.
 * Each phrase is kept whole ("Chains unavailable" never broke in two before this): the status and the buttons
 * share one line when they fit ("Live · checked just now"), and the buttons take a line of their own when they
 * do not ("Chains unavailable · checked 12 min ago" is ~270 px of the 332 a 360 px popup has).
 */
export function PopupFooter({ live, error, data, now, refreshing, onRefresh, onSignOut }: PopupFooterProps) {
  return (
    <footer className="popup-footer spread small muted" data-testid="popup-footer">
      <div className="row footer-status">
        <ConnectionStatus live={live} error={error} />
        {/* The watcher's heartbeat says more than when this browser last fetched: it wins the narrow footer. */}
        {!refreshing && data?.me.watch ? (
          <HeartbeatLabel data={data} now={now} />
        ) : (
          <span data-testid="freshness" className="nowrap" data-nowrap="">
            {refreshing ? "· updating…" : data ? `· updated ${formatAge(now - data.fetchedAt)}` : ""}
          </span>
        )}
      </div>
      <div className="row footer-actions">
        <button type="button" className="button link small" onClick={onRefresh} disabled={refreshing}>
          Refresh
        </button>
        <button type="button" className="button link small" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </footer>
  );
}
