import { useCallback, useEffect, useState } from "react";
import { browser } from "wxt/browser";
import { withdrawnBecause } from "../../shared/automation/withdrawn";
import { isRetryable } from "../background/retryPolicy";
import type { Transaction } from "../lib/api/contract";
import { approvalUpdatedSchema } from "../lib/messages";
import { BackgroundError, sendToBackground } from "../lib/messaging/sendToBackground";
import { withTimeout } from "../lib/messaging/withTimeout";
import { settingsItem } from "../lib/storage/settings";
import { proposalStepProblems } from "../lib/wallet/checkProposalSteps";
import { connectWallet } from "../lib/wallet/connectWallet";
import { WalletError } from "../lib/wallet/eip1193";
import { sendSteps, walletAccount } from "../lib/wallet/sendSteps";
import { confirmStepOnChain, type StepOnChainHost } from "../lib/wallet/stepOnChain";
import { HealthFactorPill } from "../ui/components/HealthFactorPill";
import { Logo } from "../ui/components/Logo";
import { useChosenWallet } from "../ui/useChosenWallet";
import { ProposalPreview } from "./ProposalPreview";
import { isNewerProposal } from "./proposalWords";
import { StepList } from "./StepList";
import { SupersededNotice, signLabel } from "./SupersededNotice";
import { useCountdown } from "./useCountdown";
import { useOpenCheck } from "./useOpenCheck";
import { useSuccessorProposal } from "./useSuccessorProposal";
import { useSuperseded } from "./useSuperseded";
import "../connect/connect.css";
import "./approval.css";

type Load =
  | { kind: "loading" }
  | { kind: "ready"; proposal: Transaction }
  | { kind: "failed"; message: string };

/** Where signing stands; the live status after submission comes from the proposal itself. */
type Phase =
  | { kind: "idle" }
  | {
      kind: "busy";
      what: "simulating" | "approving" | "connecting" | "submitting" | "rejecting" | "declined";
    }
  | { kind: "signing"; step: number; of: number }
  | { kind: "error"; message: string };

const proposalId = decodeURIComponent(window.location.hash.slice(1));
const OPEN = new Set(["pending", "approved"]);
const POLL_MS = 4000;

/** The API's reason is a clause ("health factor is 1.19, below 1.25"): shown as a sentence. */
const sentence = (text: string) =>
  `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? "" : "."}`;

/** A wallet's hashes are checked against Vigil's own node, read by the background through the API. */
const onChain: StepOnChainHost = {
  fetch: (chainId, hash) => sendToBackground({ type: "chain/transaction", chainId, hash }),
  // The background already retried a blip; what still fails "for now" (also a 15 s timeout) is asked again.
  transient: (error) =>
    error instanceof BackgroundError &&
    (error.error.code === "timeout" || isRetryable(error.error.status ?? 0, error.error.code)),
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const messageOf = (error: unknown) =>
  error instanceof BackgroundError || error instanceof Error ? error.message : String(error);

const busyText = {
  simulating: "Re-simulating against the chain…",
  approving: "Approving…",
  connecting: "Connecting to your wallet…",
  submitting: "Reporting the transactions to Vigil…",
  rejecting: "Rejecting…",
  declined: "Your wallet declined. Telling Vigil…",
} as const;

const statusText: Record<Transaction["status"], string> = {
  pending: "Waiting for your approval",
  approved: "Approved, not signed yet",
  submitted: "Sent, waiting for confirmation…",
  confirmed: "Confirmed on chain",
  failed: "Failed on chain",
  rejected: "Rejected. Nothing was sent.",
  expired: "Expired. Nothing was sent.",
};

/** After confirmation: what the amount did to the health factor read at signing, else the worked-out figure. */
const expectedAfter = (proposal: Transaction): number | null =>
  (proposal.preview?.recheck ?? proposal.preview)?.healthFactor.after ?? null;

/** The status line; a proposal that ended after its wallet declined a later step says which steps are on chain. */
function statusLine(proposal: Transaction): string {
  const sent = proposal.txHashes.length;
  const withdrawn = proposal.status === "rejected" ? withdrawnBecause(proposal.error) : null;
  if (withdrawn !== null) return `Withdrawn: ${withdrawn} before approving it. Nothing was sent.`;
  if (proposal.status === "approved" && proposal.declinedStep !== null)
    return "Declined in your wallet. Still open: sign again, or reject it.";
  if ((proposal.status === "rejected" || proposal.status === "expired") && sent > 0)
    return `${proposal.status === "rejected" ? "Rejected" : "Expired"}. ${sent === 1 ? "Step 1 was" : `Steps 1–${sent} were`} sent; the action itself did not happen.`;
  return statusText[proposal.status];
}

/**
 * One transaction proposal, in a full tab: what it does, what it costs, what it does to the health factor and
 * risk, and how long it stays valid. "Sign" re-simulates, approves, sends each step through the user's wallet,
 * reports the hashes and follows the status live; "Reject" cancels. The page never holds a key.
 */
export function ApprovalApp() {
  const [load, setLoad] = useState<Load>({ kind: "loading" });
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [hashes, setHashes] = useState<string[]>([]);
  const wallet = useChosenWallet();
  const proposal = load.kind === "ready" ? load.proposal : null;
  const superseded = useSuperseded(proposal);
  const successor = useSuccessorProposal(proposal);
  const countdown = useCountdown(proposal && OPEN.has(proposal.status) ? proposal.expiresAt : null);

  const show = useCallback((next: Transaction) => {
    if (next.id !== proposalId) return;
    setLoad((now) =>
      now.kind === "ready" && !isNewerProposal(now.proposal, next) ? now : { kind: "ready", proposal: next },
    );
  }, []);

  // A background or API that does not answer ends in an error with Retry, never a skeleton forever.
  const loadProposal = useCallback(() => {
    setLoad({ kind: "loading" });
    withTimeout(sendToBackground({ type: "approvals/get", proposalId })).then(show, (error: unknown) =>
      setLoad({ kind: "failed", message: messageOf(error) }),
    );
  }, [show]);

  useEffect(() => {
    loadProposal();
    // Live: the background forwards tx_proposal / tx_update for this proposal as they arrive.
    const listener = (message: unknown) => {
      const parsed = approvalUpdatedSchema.safeParse(message);
      if (parsed.success) show(parsed.data.transaction);
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [show, loadProposal]);

  const openCheck = useOpenCheck(proposalId, proposal, show);

  // Safety net while the chain decides (the socket may be reconnecting): ask now and then.
  const submitted = proposal?.status === "submitted";
  useEffect(() => {
    if (!submitted) return;
    const timer = setInterval(() => {
      sendToBackground({ type: "approvals/get", proposalId }).then(show, () => undefined);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [submitted, show]);

  const sign = async (current: Transaction) => {
    // The step the wallet is asked to sign right now: a "no" there is reported, so the proposal says so.
    let signing = -1;
    // Steps seen mined as themselves on Vigil's node, in order: after a decline, signing again resumes after them.
    const mined: `0x${string}`[] = [];
    const resumeAfter = current.status === "approved" ? current.txHashes : [];
    try {
      setPhase({ kind: "busy", what: "simulating" });
      show(await sendToBackground({ type: "approvals/simulate", proposalId }));
      if (current.status === "pending") {
        setPhase({ kind: "busy", what: "approving" });
        show(await sendToBackground({ type: "approvals/approve", proposalId }));
      }
      setPhase({ kind: "busy", what: "connecting" });
      const session = await sendToBackground({ type: "session/get" });
      if (session.status !== "signedIn") throw new Error("Sign in to Vigil first.");
      // The page does not take the API's word for what it asks the user to sign: the shared step checks again.
      const problems = proposalStepProblems(current.steps, session.address as `0x${string}`);
      if (problems.length > 0)
        throw new Error(`Vigil refuses to sign this proposal: ${problems.join("; ")}.`);
      const provider = await connectWallet((await settingsItem.get()).wallet);
      const from = await walletAccount(provider, session.address);
      setHashes(resumeAfter);
      const sent = await sendSteps(
        provider,
        from,
        current.steps,
        (step, hash) => {
          signing = hash ? -1 : step;
          setPhase({ kind: "signing", step: step + 1, of: current.steps.length });
          if (hash) setHashes((before) => [...before, hash]);
        },
        async (step, index, hash) => {
          await confirmStepOnChain(onChain, step, index, from, hash);
          mined.push(hash);
        },
        resumeAfter,
      );
      setPhase({ kind: "busy", what: "submitting" });
      show(await sendToBackground({ type: "approvals/submitted", proposalId, txHashes: sent }));
      setPhase({ kind: "idle" });
    } catch (error) {
      const declined = error instanceof WalletError && error.code === "rejected" && signing >= 0;
      if (!declined) {
        setPhase({ kind: "error", message: messageOf(error) });
        sendToBackground({ type: "approvals/get", proposalId }).then(show, () => undefined);
        return;
      }
      // A decline is the wallet's word, not the user's decision here: the proposal stays open, and says so.
      const stepIndex = signing;
      setPhase({ kind: "busy", what: "declined" });
      try {
        show(
          await sendToBackground({
            type: "approvals/walletRejected",
            proposalId,
            stepIndex,
            txHashes: mined.slice(0, stepIndex),
          }),
        );
        setPhase({ kind: "idle" });
      } catch (reportError) {
        setPhase({
          kind: "error",
          message: `Your wallet declined step ${stepIndex + 1}; it was not sent. You can sign again or reject it. (Vigil could not record the decline: ${messageOf(reportError)})`,
        });
      }
    }
  };

  const reject = async () => {
    setPhase({ kind: "busy", what: "rejecting" });
    try {
      await sendToBackground({ type: "approvals/reject", proposalId });
      show(await sendToBackground({ type: "approvals/get", proposalId }));
      setPhase({ kind: "idle" });
    } catch (error) {
      setPhase({ kind: "error", message: messageOf(error) });
    }
  };

  const working = phase.kind === "busy" || phase.kind === "signing";
  const expired = countdown === "expired";

  return (
    <main className="connect">
      <div
        className="card stack approval-card"
        data-testid="approval"
        data-state={load.kind}
        data-status={proposal?.status}
      >
        <div className="row">
          <Logo size={28} />
          <h1>Review a proposal</h1>
        </div>
        {load.kind === "loading" && <div className="skeleton" style={{ height: 160 }} />}
        {load.kind === "failed" && (
          <div className="notice error" role="alert" data-testid="approval-load-error">
            {load.message}{" "}
            <button type="button" className="button link small" onClick={loadProposal}>
              Retry
            </button>
          </div>
        )}
        {proposal && (
          <>
            <div className="spread">
              <h2 data-testid="approval-title">{proposal.title}</h2>
              {countdown && (
                <span className="small muted num" data-testid="approval-countdown">
                  {countdown}
                </span>
              )}
            </div>
            {proposal.preview && <p className="muted approval-reason">{sentence(proposal.preview.reason)}</p>}
            <StepList steps={proposal.steps} />
            {proposal.preview ? (
              <ProposalPreview
                preview={proposal.preview}
                workedOutEarlier={superseded !== null}
                failsNow={openCheck.kind === "failed"}
              />
            ) : (
              <div className="notice info">This proposal has no preview: check the steps above.</div>
            )}
            <div
              className={`approval-status status-${proposal.status}`}
              data-testid="approval-status"
              data-status={proposal.status}
              data-declined-step={proposal.declinedStep ?? undefined}
            >
              {statusLine(proposal)}
              {proposal.error && withdrawnBecause(proposal.error) === null && (
                <div className="small" data-testid="approval-status-detail">
                  {proposal.error}
                </div>
              )}
            </div>
            {(hashes.length > 0 || proposal.txHashes.length > 0) && (
              <ul className="small mono approval-hashes" data-testid="approval-hashes">
                {(hashes.length > proposal.txHashes.length ? hashes : proposal.txHashes).map((hash) => (
                  <li key={hash}>{hash}</li>
                ))}
              </ul>
            )}
            {OPEN.has(proposal.status) && !expired && openCheck.kind === "checking" && (
              <p className="small muted" data-testid="approval-open-check" data-state="checking">
                Reading your health factor from the chain…
              </p>
            )}
            {OPEN.has(proposal.status) && !expired && openCheck.kind === "failed" && (
              <div
                className="notice error"
                role="alert"
                data-testid="approval-open-check"
                data-state="failed"
              >
                Checked against the chain as this page opened: {sentence(openCheck.message)}
              </div>
            )}
            {successor && (
              <div className="notice info" data-testid="approval-successor" data-successor={successor.id}>
                Its rule proposed again since: {successor.title}, waiting for your signature.{" "}
                <a
                  href={`#${encodeURIComponent(successor.id)}`}
                  onClick={(event) => {
                    // The page reads its proposal from the address once: open the newer one as a fresh page.
                    event.preventDefault();
                    window.location.hash = encodeURIComponent(successor.id);
                    window.location.reload();
                  }}
                >
                  Review the newer proposal
                </a>
              </div>
            )}
            {phase.kind === "busy" && <div className="notice info">{busyText[phase.what]}</div>}
            {phase.kind === "signing" && (
              <div className="notice info" data-testid="approval-signing">
                Confirm step {phase.step} of {phase.of} in your wallet…
              </div>
            )}
            {phase.kind === "error" && (
              <div className="notice error" data-testid="approval-error">
                {phase.message}
              </div>
            )}
            {OPEN.has(proposal.status) && !expired && wallet?.viaSite && (
              <p className="small muted" data-testid="approval-page-wallet">
                {wallet.name} signs through a tab of {wallet.viaSite} (opened in the background if none is
                open); your wallet shows the requests as coming from that site.
              </p>
            )}
            {OPEN.has(proposal.status) && !expired && superseded && (
              <SupersededNotice superseded={superseded} />
            )}
            {OPEN.has(proposal.status) && !expired && (
              <div className="row approval-actions">
                <button
                  type="button"
                  className="button"
                  data-testid="approval-sign"
                  disabled={working}
                  onClick={() => void sign(proposal)}
                >
                  {signLabel(proposal.declinedStep !== null, superseded !== null, wallet?.name ?? null)}
                </button>
                <button
                  type="button"
                  className="button secondary"
                  data-testid="approval-reject"
                  disabled={working}
                  onClick={() => void reject()}
                >
                  Reject
                </button>
              </div>
            )}
            {proposal.status === "confirmed" && expectedAfter(proposal) !== null && (
              <div className="row small muted" data-testid="approval-expected-hf">
                Expected health factor now: <HealthFactorPill healthFactor={expectedAfter(proposal)} />
              </div>
            )}
          </>
        )}
      </div>
    </main>
  );
}
