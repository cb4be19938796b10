import { z } from "zod";
import { portfolioHistorySchema } from "../../shared/schemas/portfolio";
import { ruleListSchema, ruleSchema } from "../../shared/schemas/rules";
import { transactionListSchema } from "../../shared/schemas/transactions";
import type { ApiClient } from "./apiClient";
import type { PendingApprovals } from "./pendingApprovals";
import type { MessageHandlers } from "./router";

type PopupRequestType =
  | "history/get"
  | "rules/list"
  | "rules/create"
  | "rules/update"
  | "rules/setEnabled"
  | "rules/delete"
  | "transactions/listPending"
  | "transactions/list";

/** The history shows the newest proposals; older ones stay in the API (GET /transactions pages by limit). */
export const HISTORY_LIMIT = 50;

const rulePath = (ruleId: string) => `/rules/${encodeURIComponent(ruleId)}` as const;

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
    "history/get": ({ range }) =>
      api({ path: `/portfolios/history?range=${range}`, schema: portfolioHistorySchema }),
    "rules/list": () => api({ path: "/rules", schema: ruleListSchema }),
    "rules/create": ({ rule }) => api({ method: "POST", path: "/rules", body: rule, schema: ruleSchema }),
    "rules/update": ({ ruleId, patch }) =>
      api({ method: "PATCH", path: rulePath(ruleId), body: patch, schema: ruleSchema }),
    "rules/setEnabled": ({ ruleId, enabled }) =>
      api({
        method: "POST",
        path: `${rulePath(ruleId)}/${enabled ? "enable" : "disable"}`,
        schema: ruleSchema,
      }),
    "rules/delete": async ({ ruleId }) => {
      await api({ method: "DELETE", path: rulePath(ruleId), schema: z.unknown() });
      return { done: true };
    },
    "transactions/listPending": async () => ({ transactions: await pendingApprovals.refresh() }),
    "transactions/list": () =>
      api({ path: `/transactions?limit=${HISTORY_LIMIT}`, schema: transactionListSchema }),
  };
}
