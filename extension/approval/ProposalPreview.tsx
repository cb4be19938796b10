import type { TransactionPreview } from "../../shared/schemas/transactions";
import { HealthFactorPill } from "../ui/components/HealthFactorPill";
import { formatAmount, formatProbability, formatUsd } from "../ui/format";
import { networkFee, recheckWords } from "./proposalWords";

const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "medium" });
const timeOnly = new Intl.DateTimeFormat("en-US", { timeStyle: "medium" });

/**
 * Amount, gas, simulation, health factor and risk before → after: everything a decision needs. `workedOutEarlier`:
 * the position has since become liquidatable (the rescue replaces this proposal), so the HF and risk figures are
 * labelled as the ones it was worked out with, not read as today's.
 */
export function ProposalPreview({
  preview,
  workedOutEarlier = false,
  failsNow = false,
}: {
  preview: TransactionPreview;
  workedOutEarlier?: boolean;
  /** A later re-simulation was refused (the page says why): the one shown is no longer what is true. */
  failsNow?: boolean;
}) {
  const { risk, gas, simulation, recheck } = preview;
  const rechecked = recheckWords(preview);
  // Today's forecast on the figures read as the page opened, when there is one; else the one worked out.
  const riskNow = recheck?.risk ?? null;
  const shownRisk = riskNow ?? risk;
  const riskText = (p: number | null) => (p === null ? "—" : formatProbability(p));
  const fee = networkFee(gas);
  return (
    <section className="approval-grid" data-testid="approval-preview">
      <div className="approval-cell">
        <div className="small muted">Amount</div>
        <div className="num approval-big" data-testid="approval-amount">
          {formatAmount(preview.amount)} {preview.asset}
        </div>
        <div className="small muted">{formatUsd(preview.amountUsd)}</div>
      </div>
      <div className="approval-cell">
        <div className="small muted">Network fee (at most)</div>
        <div className="num approval-big" data-testid="approval-gas">
          {fee.usd}
        </div>
        <div className="small muted num">{fee.eth}</div>
      </div>
      <div className="approval-cell approval-wide">
        <div className="small muted" data-testid="approval-hf-label">
          {recheck
            ? `Health factor on the chain (read at block ${recheck.blockNumber}, ${timeOnly.format(new Date(recheck.checkedAt))})`
            : workedOutEarlier
              ? "Health factor when it was worked out (not now)"
              : "Health factor"}
        </div>
        <div className="row approval-arrow" data-testid="approval-hf">
          <HealthFactorPill healthFactor={(recheck ?? preview).healthFactor.before} />
          <span aria-hidden="true">→</span>
          <HealthFactorPill healthFactor={(recheck ?? preview).healthFactor.after} />
        </div>
        {rechecked?.workedOut && (
          <div className="small muted" data-testid="approval-hf-worked-out">
            {rechecked.workedOut}
          </div>
        )}
        {/* A proposal the rescue replaced says this in its own notice, next to the buttons: not twice. */}
        {rechecked?.warning && !workedOutEarlier && (
          <div className="notice error small" role="alert" data-testid="approval-hf-warning">
            {rechecked.warning}
          </div>
        )}
      </div>
      <div className="approval-cell approval-wide">
        <div className="small muted" data-testid="approval-risk-label">
          Liquidation risk within {risk.horizon}
          {riskNow
            ? " on those figures"
            : /* Said only where the health factor moved since: a forecast of seconds ago on the same figures stands. */
              workedOutEarlier || rechecked?.workedOut
              ? ", as forecast then (not now)"
              : ""}
        </div>
        <div className="row approval-arrow num" data-testid="approval-risk">
          <span>{riskText(shownRisk.before)}</span>
          <span aria-hidden="true">→</span>
          <strong>{riskText(shownRisk.after)}</strong>
        </div>
        {riskNow && rechecked?.riskWorkedOut && (
          <div className="small muted" data-testid="approval-risk-worked-out">
            {rechecked.riskWorkedOut}
          </div>
        )}
        {risk.note && (
          <div className="notice warning small" data-testid="approval-risk-note">
            {risk.note.charAt(0).toUpperCase() + risk.note.slice(1)}.
          </div>
        )}
      </div>
      <div
        className={`approval-cell approval-wide notice ${simulation.ok && !failsNow ? "info" : "error"}`}
        data-testid="approval-simulation"
        data-ok={simulation.ok && !failsNow}
      >
        {failsNow
          ? `It went through when simulated at block ${simulation.blockNumber} (${dateTime.format(new Date(simulation.simulatedAt))}), not now: see below.`
          : `${simulation.ok ? "Simulation succeeded" : "Simulation failed"} at block ${simulation.blockNumber} (${dateTime.format(new Date(simulation.simulatedAt))}).`}
      </div>
    </section>
  );
}
