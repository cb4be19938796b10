import { useEffect, useState } from "react";
import type { Transaction } from "../../../shared/schemas/transactions";
import { healthFactorBand } from "../../../shared/words/healthFactorBand";
import type { MessageError } from "../../lib/messages";
import { sendToBackground } from "../../lib/messaging/sendToBackground";
import { formatAmount, formatHealthFactor, formatProbability, formatUsd } from "../../ui/format";
import { healthFactorBandColors } from "../../ui/healthFactorColors";
import { formatEstimatedHealthFactor, type SupersededProposal, supersededWords } from "../../ui/superseded";
import { asMessageError } from "../useBackgroundData";
import { formatCountdown } from "./countdown";
import { proposalDrift } from "./proposalDrift";

interface ApprovalsPanelProps {
  pending: Transaction[] | null;
  error: MessageError | null;
  /** The dashboard's health factor on a chain now (null: unknown there), to compare each proposal's figures with. */
  healthFactorOn: (chainId: number) => number | null;
  /** Proposals the rescue on their chain replaces (HF < 1 now): said so, the rescue offered first, Reject kept. */
  superseded?: readonly SupersededProposal[];
  onShowRescue?: () => void;
}

/** Proposals waiting for the user's signature; each opens the approval page (a full tab, for the wallet). */
export function ApprovalsPanel({
  pending,
  error,
  healthFactorOn,
  superseded = [],
  onShowRescue,
}: ApprovalsPanelProps) {
  const [now, setNow] = useState(Date.now());
  const [openError, setOpenError] = useState<MessageError | null>(null);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const open = async (proposalId: string) => {
    setOpenError(null);
    try {
      await sendToBackground({ type: "approvals/open", proposalId });
    } catch (cause) {
      setOpenError(asMessageError(cause));
    }
  };
  const reject = async (proposalId: string) => {
    setOpenError(null);
    try {
      await sendToBackground({ type: "approvals/reject", proposalId });
    } catch (cause) {
      setOpenError(asMessageError(cause));
    }
  };

  return (
    <div className="stack" data-testid="approvals">
      {(error ?? openError) && (
        <div className="notice error" role="alert">
          {(openError ?? error)?.message}
        </div>
      )}
      {!pending && !error && (
        <div className="card stack" aria-busy="true">
          <div className="skeleton" style={{ height: 14, width: "70%" }} />
          <div className="skeleton" style={{ height: 14, width: "50%" }} />
        </div>
      )}
      {pending && pending.length === 0 && (
        <div className="card state" data-testid="approvals-empty">
          <h2>Nothing to approve</h2>
          <p className="muted small">When a rule proposes a transaction, it waits here for your signature.</p>
        </div>
      )}
      {pending?.map((tx) => {
        const replaced = superseded.find((item) => item.proposal.id === tx.id) ?? null;
        return (
          <article
            className="card stack tight"
            key={tx.id}
            data-testid="approval"
            data-proposal-id={tx.id}
            data-superseded={replaced ? "true" : undefined}
          >
            <div className="spread">
              <strong>{tx.title}</strong>
              {tx.expiresAt && (
                <span className="small muted num" data-testid="approval-expiry">
                  {formatCountdown(Date.parse(tx.expiresAt) - now)}
                </span>
              )}
            </div>
            {replaced && (
              <p className="small danger-text" data-testid="approval-superseded">
                Replaced by the rescue: your position is liquidatable now. {supersededWords(replaced, false)}
              </p>
            )}
            {tx.status === "approved" && (
              <p className="small warning-text" data-testid="approval-unsigned">
                {tx.declinedStep !== null
                  ? "Your wallet declined it: sign again before it expires, or reject it."
                  : "Approved but never sent: sign it before it expires, or reject it."}
              </p>
            )}
            {tx.preview ? (
              <>
                <p className="small muted">{tx.preview.reason}</p>
                <div className="facts small">
                  <span>
                    <span className="muted">Amount </span>
                    <strong className="num">
                      {formatAmount(tx.preview.amount)} {tx.preview.asset}
                    </strong>{" "}
                    <span className="muted num">({formatUsd(tx.preview.amountUsd)})</span>
                  </span>
                  <span>
                    <span className="muted">Gas ≤ </span>
                    <strong className="num">{formatUsd(tx.preview.gas.costUsd)}</strong>
                  </span>
                </div>
                <div className="facts small">
                  {replaced ? (
                    // Its "1.20 → 1.60" is from before the fall: what it would do now leads, the old figures follow.
                    <span data-testid="approval-hf">
                      <span className="muted">HF now </span>
                      <Hf value={healthFactorOn(tx.chainId)} /> → <Hf value={replaced.ifSignedNow} estimate />{" "}
                      <span className="muted">
                        (worked out: {formatHealthFactor(tx.preview.healthFactor.before)} →{" "}
                        {formatHealthFactor(tx.preview.healthFactor.after)})
                      </span>
                    </span>
                  ) : (
                    <span data-testid="approval-hf">
                      <span className="muted">HF </span>
                      <Hf value={tx.preview.healthFactor.before} /> →{" "}
                      <Hf value={tx.preview.healthFactor.after} />
                    </span>
                  )}
                  {/* A replaced proposal's "3 % → < 1 %" was forecast above HF 1: below it, it would only mislead. */}
                  {!replaced && (
                    <span data-testid="approval-risk">
                      <span className="muted">Risk {tx.preview.risk.horizon} </span>
                      <span className="num">
                        {prob(tx.preview.risk.before)} → {prob(tx.preview.risk.after)}
                      </span>
                    </span>
                  )}
                  {tx.preview.risk.note && (
                    <span className="warning-text" data-testid="approval-risk-note">
                      {tx.preview.risk.note.charAt(0).toUpperCase() + tx.preview.risk.note.slice(1)}
                    </span>
                  )}
                  <span className={tx.preview.simulation.ok ? "safe-text" : "danger-text"}>
                    {tx.preview.simulation.ok ? "✓ simulated" : "✗ simulation failed"}
                  </span>
                </div>
                {!replaced && <Drift text={proposalDrift(tx.preview, healthFactorOn(tx.chainId), now)} />}
              </>
            ) : (
              <p className="small muted">{tx.steps.map((s) => s.description).join(", then ")}</p>
            )}
            {replaced ? (
              <div className="row approval-superseded-actions">
                {onShowRescue && (
                  <button
                    type="button"
                    className="button small"
                    onClick={onShowRescue}
                    data-testid="approval-show-rescue"
                  >
                    Go to the rescue
                  </button>
                )}
                <button
                  type="button"
                  className="button small secondary"
                  onClick={() => void reject(tx.id)}
                  data-testid="approval-reject"
                >
                  Reject
                </button>
                <button
                  type="button"
                  className="button link small"
                  onClick={() => void open(tx.id)}
                  data-testid="approval-open"
                >
                  Review anyway
                </button>
              </div>
            ) : (
              <button
                type="button"
                className="button block"
                onClick={() => void open(tx.id)}
                data-testid="approval-open"
              >
                Review and sign
              </button>
            )}
          </article>
        );
      })}
    </div>
  );
}

function Drift({ text }: { text: string | null }) {
  if (text === null) return null;
  return (
    <p className="small warning-text" data-testid="approval-drift">
      {text}
    </p>
  );
}

const prob = (value: number | null) => (value === null ? "—" : formatProbability(value));

/** `estimate`: "about 1.24" (Vigil's own reckoning on today's figures, not a simulation); unknown is "?". */
function Hf({ value, estimate = false }: { value: number | null; estimate?: boolean }) {
  if (estimate && value === null) return <strong className="num">?</strong>;
  return (
    <strong className="num" style={{ color: healthFactorBandColors[healthFactorBand(value)] }}>
      {estimate && value !== null ? `about ${formatEstimatedHealthFactor(value)}` : formatHealthFactor(value)}
    </strong>
  );
}
