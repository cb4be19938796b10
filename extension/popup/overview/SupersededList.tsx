import { useState } from "react";
import type { MessageError } from "../../lib/messages";
import { sendToBackground } from "../../lib/messaging/sendToBackground";
import { type SupersededProposal, supersededWords } from "../../ui/superseded";
import { useApiOffline } from "../apiOffline";
import { asMessageError } from "../useBackgroundData";

/**
 * Under the rescue: the earlier proposals it replaces, each with what it would do now and Vigil's own Reject,
 * so the popup offers one thing to do and the old one can be ended without opening it.
 */
export function SupersededList({ superseded }: { superseded: readonly SupersededProposal[] }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<MessageError | null>(null);
  const offline = useApiOffline();
  if (superseded.length === 0) return null;

  const reject = async (proposalId: string) => {
    setBusy(proposalId);
    setError(null);
    try {
      await sendToBackground({ type: "approvals/reject", proposalId });
    } catch (cause) {
      setError(asMessageError(cause));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="stack tight rescue-superseded" data-testid="rescue-superseded">
      <p className="small">
        <strong>
          Use this instead of{" "}
          {superseded.length === 1 ? "Vigil's earlier proposal" : "Vigil's earlier proposals"}.
        </strong>
      </p>
      {superseded.map((item) => (
        <div
          className="stack tight"
          key={item.proposal.id}
          data-testid="superseded-proposal"
          data-proposal-id={item.proposal.id}
        >
          <p className="small muted">{supersededWords(item)}</p>
          <button
            type="button"
            className="button small secondary"
            disabled={busy !== null || offline !== null}
            title={offline ?? undefined}
            onClick={() => void reject(item.proposal.id)}
            data-testid="superseded-reject"
          >
            {busy === item.proposal.id ? "Rejecting…" : "Reject the earlier proposal"}
          </button>
        </div>
      ))}
      {error && (
        <div className="notice error small" role="alert">
          {error.message}
        </div>
      )}
    </div>
  );
}
