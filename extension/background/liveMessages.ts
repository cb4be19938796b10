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

const formatHf = (healthFactor: number | null) => (healthFactor === null ? "—" : healthFactor.toFixed(2));

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
        const what =
          alert.state === "raised"
            ? `Health factor ${formatHf(alert.healthFactor)}, below your ${alert.threshold} alert`
            : "Back to a safe health factor";
        const title = alert.account ? `${shortAddress(alert.account)}: ${what}` : what;
        await notifications.notify("riskAlert", title, alert.message);
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
