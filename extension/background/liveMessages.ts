import { formatHealthFactor, formatHealthFactorBelow } from "../../shared/words/healthFactorText";
import { heldGeneralBacklogItem, heldRiskBacklogItem } from "../lib/storage/live";
import {
  type LiquidationKey,
  type RecentLiquidation,
  recentLiquidationsItem,
  withLiquidation,
  withoutLiquidation,
} from "../lib/storage/recentLiquidations";
import { formatProbability, formatWhen, shortAddress } from "../ui/format";
import type { Approvals } from "./approvals";
import { BACKLOG_AFTER_MS, createCatchUp } from "./catchUp";
import type { Dashboard } from "./dashboard";
import type { Notifications } from "./notifications";
import type { PendingApprovals } from "./pendingApprovals";
import { proposalNotificationText } from "./proposalNotificationText";
import type { StoredServerMessage } from "./socket";

export interface LiveMessagesHost {
  dashboard: Dashboard;
  notifications: Notifications;
  /** Open approval pages follow proposals live. */
  approvals?: Pick<Approvals, "onUpdate">;
  /** The popup's pending list follows proposals live. */
  pendingApprovals?: Pick<PendingApprovals, "apply">;
  now?: () => number;
  /** How long a replayed backlog must be quiet before its summary shows (tests shorten it). */
  catchUpQuietMs?: number;
  /** Where the liquidations told are kept for the popup (default: browser storage). */
  liquidations?: RecentLiquidations;
}

/** The liquidations the popup keeps showing after their notification is gone. */
export interface RecentLiquidations {
  remember(entry: Omit<RecentLiquidation, "dismissed">): Promise<void>;
  unsay(key: LiquidationKey): Promise<void>;
}

/** The popup's list in browser storage (`vigil:recentLiquidations`). */
export function storedRecentLiquidations(now: () => number): RecentLiquidations {
  return {
    remember: async (entry) =>
      recentLiquidationsItem.set(withLiquidation(await recentLiquidationsItem.get(), entry, now())),
    unsay: async (key) =>
      recentLiquidationsItem.set(withoutLiquidation(await recentLiquidationsItem.get(), key)),
  };
}

const formatHf = (healthFactor: number | null) => formatHealthFactor(healthFactor, "—");
/** Under the line it crossed, never rounded up to it ("1.2999, below your 1.30 alert", not "1.30, below 1.30"). */
const hfBelow = (healthFactor: number | null, line: number) =>
  healthFactor !== null && healthFactor >= 1 && healthFactor < line
    ? formatHealthFactorBelow(healthFactor, line)
    : formatHf(healthFactor);

/** A replayed liquidation or notice older than this is history (the activity list), not a notification. */
export const MAX_EVENT_AGE_MS = 24 * 3_600_000;

type RiskAlert = Extract<StoredServerMessage, { type: "risk_alert" }>["payload"];

/**
 * The title says how bad it is (liquidated, liquidatable: the escalation steps) or what crossed: the health factor
 * against the user's threshold, or the model's risk band.
 */
export function riskAlertTitle(alert: RiskAlert): string {
  let what: string;
  const raised = alert.state === "raised";
  if (raised && alert.severity === "liquidated") {
    what = "Liquidated on Aave";
  } else if (raised && (alert.severity === "liquidatable" || (alert.healthFactor ?? 1) < 1)) {
    what = "Liquidatable: health factor below 1";
  } else if (alert.reason === "risk_band") {
    const chance = alert.probability === null ? "" : ` (${formatProbability(alert.probability)} in 24 h)`;
    what =
      alert.state === "raised"
        ? `Liquidation risk ${alert.band ?? "high"}${chance}`
        : `Liquidation risk back to ${alert.band ?? "low"}`;
  } else {
    what =
      alert.state === "raised"
        ? `Health factor ${hfBelow(alert.healthFactor, alert.threshold)}, below your ${alert.threshold.toFixed(2)} alert`
        : `Health factor ${alert.healthFactor === null ? "" : `${formatHf(alert.healthFactor)}, `}back above your ${alert.threshold.toFixed(2)} alert`;
  }
  return alert.account ? `${shortAddress(alert.account)}: ${what}` : what;
}

/** What each pushed message does in the browser: refresh the dashboard, or tell the user (per preferences). */
export function createLiveMessageHandler({
  dashboard,
  notifications,
  approvals,
  pendingApprovals,
  now = Date.now,
  catchUpQuietMs,
  liquidations = storedRecentLiquidations(now),
}: LiveMessagesHost) {
  // Old alerts replayed when the browser comes back are not shown one by one: at most the current state, once.
  const riskCatchUp = createCatchUp({
    show: async (title, message) => void (await notifications.notify("riskAlert", title, message)),
    quietMs: catchUpQuietMs,
    store: heldRiskBacklogItem,
  });
  const generalCatchUp = createCatchUp({
    show: async (title, message) => void (await notifications.notify("general", title, message)),
    quietMs: catchUpQuietMs,
    store: heldGeneralBacklogItem,
  });
  return async (message: StoredServerMessage): Promise<void> => {
    switch (message.type) {
      case "portfolio_update":
        await dashboard.applyPortfolio(message.payload.portfolio);
        return;
      case "risk_alert": {
        const alert = message.payload;
        const at = alert.liquidation?.at ?? alert.observedAt ?? Date.parse(message.sentAt);
        // Live or replayed, a liquidation stays in the popup for a week: its toast alone is easy to miss.
        if (alert.state === "raised" && alert.severity === "liquidated" && alert.liquidation) {
          await liquidations.remember({
            account: alert.account ?? null,
            chainId: alert.chainId,
            liquidation: alert.liquidation,
            seenAt: alert.observedAt ?? Date.parse(message.sentAt),
          });
        }
        const title = riskAlertTitle(alert);
        const body = `${alert.message} (${formatWhen(at, now())})`;
        // One subject per account, whatever the reason: an episode raised on the risk band, escalated on the health
        // factor and cleared is over, and none of its steps may come back as current.
        const subject = alert.account ?? "";
        if (now() - Date.parse(message.sentAt) > BACKLOG_AFTER_MS) {
          await riskCatchUp.hold(subject, {
            title,
            message: body,
            current: alert.state === "raised",
            // A liquidation is told even when its episode is over, but not weeks later as if it were news.
            event:
              alert.state === "raised" && alert.severity === "liquidated" && now() - at <= MAX_EVENT_AGE_MS,
          });
          return;
        }
        await riskCatchUp.supersede(subject);
        // A step down inside an open alert is not news (only worse steps are told); it only matters for a replay.
        if (alert.quiet) return;
        await notifications.notify("riskAlert", title, body);
        return;
      }
      case "tx_proposal": {
        const { transaction } = message.payload;
        await pendingApprovals?.apply(transaction);
        await approvals?.onUpdate(transaction);
        // A replayed proposal that has moved on since must not come back as a card waiting for a signature.
        if (transaction.status !== "pending") {
          await notifications.clearProposal(transaction.id);
          return;
        }
        await notifications.proposal(
          transaction.id,
          transaction.title,
          proposalNotificationText(transaction),
        );
        return;
      }
      case "tx_update": {
        const { transaction } = message.payload;
        await pendingApprovals?.apply(transaction);
        await approvals?.onUpdate(transaction);
        // Not pending any more (approved elsewhere, expired, rejected, sent, ended): the sticky card goes. The
        // toast for the change is the server's own `notification` about it (one per event), never a second one.
        if (transaction.status !== "pending") await notifications.clearProposal(transaction.id);
        return;
      }
      case "notification": {
        const sent = Date.parse(message.sentAt);
        // The chain undid a liquidation told before: the popup must not go on showing it.
        if (message.payload.liquidationUndone) await liquidations.unsay(message.payload.liquidationUndone);
        if (now() - sent > BACKLOG_AFTER_MS) {
          await generalCatchUp.hold("general", {
            title: message.payload.title,
            message: `${message.payload.message} (${formatWhen(sent, now())})`,
            current: now() - sent <= MAX_EVENT_AGE_MS,
            event: false,
          });
          return;
        }
        const { watchProblem } = message.payload;
        // Vigil's own watch stopping must never stop in silence, whatever the preferences.
        if (watchProblem !== undefined) {
          await notifications.watchProblem(
            `server:${watchProblem}`,
            message.payload.title,
            message.payload.message,
          );
          return;
        }
        await notifications.notify("general", message.payload.title, message.payload.message);
        return;
      }
    }
  };
}
