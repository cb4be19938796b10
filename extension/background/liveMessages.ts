import { formatHealthFactor } from "../../shared/ui/healthFactorText";
import { shortAddress } from "../ui/format";
import type { Approvals } from "./approvals";
import type { Dashboard } from "./dashboard";
import type { Notifications } from "./notifications";
import type { PendingApprovals } from "./pendingApprovals";
import type { StoredServerMessage } from "./socket";

export interface LiveMessagesHost {
  dashboard: Dashboard;
  notifications: Notifications;
  /** Open approval pages follow proposals live. */
  approvals?: Pick<Approvals, "onUpdate">;
  /** The popup's pending list follows proposals live. */
  pendingApprovals?: Pick<PendingApprovals, "apply">;
}

const formatHf = (healthFactor: number | null) => formatHealthFactor(healthFactor, "—");
/** "14:32" in the browser's time zone: a notification says when it happened, so a late one is not news. */
const clockTime = (ms: number) => {
  const at = new Date(ms);
  return `${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
};

/** The notification title of a risk alert, by how bad it is. */
function riskAlertTitle(alert: Extract<StoredServerMessage, { type: "risk_alert" }>["payload"]): string {
  if (alert.state === "cleared") return "Recovered: back to a safe health factor";
  if (alert.severity === "liquidated") return "Liquidated on Aave";
  if (alert.severity === "liquidatable" || (alert.healthFactor ?? 1) < 1)
    return "Liquidatable: health factor below 1";
  return `Health factor ${formatHf(alert.healthFactor)}, below your ${alert.threshold} alert`;
}

/** What each pushed message does in the browser: refresh the dashboard, or tell the user (per preferences). */
export function createLiveMessageHandler({
  dashboard,
  notifications,
  approvals,
  pendingApprovals,
}: LiveMessagesHost) {
  return async (message: StoredServerMessage): Promise<void> => {
    switch (message.type) {
      case "portfolio_update":
        await dashboard.applyPortfolio(message.payload.portfolio);
        return;
      case "risk_alert": {
        const alert = message.payload;
        const what = riskAlertTitle(alert);
        const title = alert.account ? `${shortAddress(alert.account)}: ${what}` : what;
        const at = alert.liquidation?.at ?? alert.observedAt ?? Date.parse(message.sentAt);
        await notifications.notify("riskAlert", title, `${alert.message} (${clockTime(at)})`);
        return;
      }
      case "tx_proposal": {
        const { transaction } = message.payload;
        await pendingApprovals?.apply(transaction);
        await approvals?.onUpdate(transaction);
        const steps = transaction.steps.map((step) => step.description).join(", then ");
        await notifications.proposal(transaction.id, transaction.title, steps || "Review it in Vigil.");
        return;
      }
      case "tx_update": {
        const { transaction } = message.payload;
        await pendingApprovals?.apply(transaction);
        await approvals?.onUpdate(transaction);
        await notifications.notify(
          "general",
          `${transaction.title}: ${transaction.status}`,
          transaction.error ?? "",
        );
        return;
      }
      case "notification":
        await notifications.notify("general", message.payload.title, message.payload.message);
        return;
    }
  };
}
