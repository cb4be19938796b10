import { lazy } from "react";

/**
 * The tabs behind Overview, loaded when first opened: the popup's first paint (the cached portfolio) does not
 * wait to fetch, parse and compile the rule form, the history and the approvals.
 */
export const HistoryPanel = lazy(() =>
  import("./history/HistoryPanel").then((m) => ({ default: m.HistoryPanel })),
);
export const RulesPanel = lazy(() => import("./rules/RulesPanel").then((m) => ({ default: m.RulesPanel })));
export const ApprovalsPanel = lazy(() =>
  import("./approvals/ApprovalsPanel").then((m) => ({ default: m.ApprovalsPanel })),
);
export const WatchedAccounts = lazy(() =>
  import("./watched/WatchedAccounts").then((m) => ({ default: m.WatchedAccounts })),
);
export const TransactionHistory = lazy(() =>
  import("./approvals/TransactionHistory").then((m) => ({ default: m.TransactionHistory })),
);

/** Shown for the moment a tab's code loads (from the extension's own files: a few milliseconds). */
export function PanelLoading() {
  return (
    <div
      className="card skeleton"
      style={{ height: 60 }}
      role="status"
      aria-busy="true"
      aria-label="Loading"
    />
  );
}
