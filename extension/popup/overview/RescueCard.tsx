import { useState } from "react";
import { type RescueEstimate, rescueEstimates } from "../../../shared/aave/rescueEstimate";
import type { AaveAccount } from "../../../shared/schemas/portfolio";
import { rescueTarget } from "../../../shared/schemas/rescue";
import type { MessageError } from "../../lib/messages";
import { sendToBackground } from "../../lib/messaging/sendToBackground";
import { formatAmount, formatUsd } from "../../ui/format";
import type { SupersededProposal } from "../../ui/superseded";
import { useApiOffline } from "../apiOffline";
import { asMessageError } from "../useBackgroundData";
import { rescueLead } from "./rescueWords";
import { SupersededList } from "./SupersededList";

type RescueAction = "repay" | "supply";

/**
 * The way out of a risky position: Repay or Add collateral with the amount that brings the health factor back to
 * the target (the alert threshold + a margin). The amounts here are estimates from the portfolio; the API sizes,
 * simulates and stores the exact proposal, and the approval page opens on it for the wallet's signature.
 */
export function RescueCard({
  account,
  alertThreshold,
  superseded = [],
}: {
  account: AaveAccount;
  alertThreshold: number;
  /** Earlier proposals on this chain the rescue replaces (HF < 1 now): folded under it, each with Reject. */
  superseded?: readonly SupersededProposal[];
}) {
  const target = rescueTarget(alertThreshold);
  const { repay, supply } = rescueEstimates(account, target);
  const [busy, setBusy] = useState<RescueAction | null>(null);
  const [error, setError] = useState<MessageError | null>(null);
  const offline = useApiOffline();
  if (!repay && !supply && superseded.length === 0) return null;

  const propose = async (action: RescueAction, estimate: RescueEstimate) => {
    setBusy(action);
    setError(null);
    try {
      await sendToBackground({
        type: "rescue/propose",
        request: { chainId: account.chainId, action, asset: estimate.symbol, targetHealthFactor: target },
      });
    } catch (cause) {
      setError(asMessageError(cause));
    } finally {
      setBusy(null);
    }
  };

  const button = (action: RescueAction, label: string, estimate: RescueEstimate | null) =>
    estimate && (
      <button
        type="button"
        className={`button small${action === "supply" ? " secondary" : ""}`}
        disabled={busy !== null || offline !== null}
        onClick={() => void propose(action, estimate)}
        data-testid={`rescue-${action}`}
        title={offline ?? `About ${formatUsd(estimate.amountUsd)}; the exact amount is on the next page`}
      >
        {busy === action ? "Preparing…" : `${label} ${formatAmount(estimate.amount)} ${estimate.symbol}`}
      </button>
    );

  return (
    <section className="card stack tight rescue" data-testid="rescue" data-chain={account.chainId}>
      <h3>Bring your health factor back to {target.toFixed(2)}</h3>
      <p className="small muted" data-testid="rescue-target">
        {rescueLead(account.healthFactor, alertThreshold, target)}
      </p>
      <div className="rescue-actions">
        {button("repay", "Repay", repay)}
        {button("supply", "Add collateral", supply)}
      </div>
      <SupersededList superseded={superseded} />
      {offline && (
        <p className="small muted" data-testid="rescue-offline">
          {offline}
        </p>
      )}
      {error && (
        <div className="notice error small" role="alert" data-testid="rescue-error">
          {error.message}
        </div>
      )}
    </section>
  );
}
