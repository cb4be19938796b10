import type { ApiClient } from "./apiClient";
import { endpoints } from "./endpoints";
import type { PendingApprovals } from "./pendingApprovals";
import type { MessageHandlers } from "./router";

type PopupRequestType =
  | "history/get"
  | "rules/list"
  | "rules/create"
  | "rules/update"
  | "rules/setEnabled"
  | "rules/delete"
  | "rules/backtest"
  | "watched/list"
  | "watched/add"
  | "watched/update"
  | "watched/remove"
  | "watched/portfolio"
  | "transactions/listPending"
  | "transactions/list";

/** The history shows the newest proposals; older ones stay in the API (GET /transactions pages by limit). */
export const HISTORY_LIMIT = 50;

/**
 * The popup's reads and rule edits: thin passes to the API. Rule bodies are validated by the API, whose field
 * messages travel back in the error (see router.ts) so the form can show them next to the inputs. The pending
 * list goes through its cache, which the popup paints from before the answer arrives.
 */
export function createPopupRequestHandlers(
  api: ApiClient,
  pendingApprovals: Pick<PendingApprovals, "refresh">,
): Pick<MessageHandlers, PopupRequestType> {
  return {
    "history/get": ({ range }) => api(endpoints.portfolioHistory(range)),
    "rules/list": () => api(endpoints.rules()),
    "rules/create": ({ rule }) => api(endpoints.createRule(rule)),
    "rules/update": ({ ruleId, patch }) => api(endpoints.updateRule(ruleId, patch)),
    "rules/setEnabled": ({ ruleId, enabled }) => api(endpoints.setRuleEnabled(ruleId, enabled)),
    "rules/delete": async ({ ruleId }) => {
      await api(endpoints.deleteRule(ruleId));
      return { done: true };
    },
    "rules/backtest": ({ body }) => api(endpoints.backtestRule(body)),
    "watched/list": () => api(endpoints.watched()),
    "watched/add": ({ body }) => api(endpoints.addWatched(body)),
    "watched/update": ({ address, body }) => api(endpoints.updateWatched(address, body)),
    "watched/remove": async ({ address }) => {
      await api(endpoints.removeWatched(address));
      return { done: true };
    },
    "watched/portfolio": ({ address }) => api(endpoints.watchedPortfolio(address)),
    "transactions/listPending": async () => ({ transactions: await pendingApprovals.refresh() }),
    "transactions/list": () => api(endpoints.transactions({ limit: HISTORY_LIMIT })),
  };
}
