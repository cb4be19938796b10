import { useEffect, useState } from "react";
import { formatEther } from "viem";
import type { Transaction } from "../lib/api/contract";
import { BackgroundError, sendToBackground } from "../lib/messaging/sendToBackground";
import { Logo } from "../ui/components/Logo";
import "../connect/connect.css";

type Load =
  | { kind: "loading" }
  | { kind: "ready"; proposal: Transaction }
  | { kind: "failed"; message: string };

const proposalId = decodeURIComponent(window.location.hash.slice(1));

function useCountdown(expiresAt: string | null): string | null {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!expiresAt) return null;
  const left = Math.max(0, Math.round((Date.parse(expiresAt) - now) / 1000));
  return left === 0 ? "expired" : `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")} left`;
}

/**
 * One transaction proposal: what it will do, step by step, and Reject. Signing the steps through the wallet
 * (re-simulate, send, post hashes, follow the status) is the automation step's part of this page.
 */
export function ApprovalApp() {
  const [load, setLoad] = useState<Load>({ kind: "loading" });
  const [rejected, setRejected] = useState(false);
  const countdown = useCountdown(load.kind === "ready" ? load.proposal.expiresAt : null);

  useEffect(() => {
    sendToBackground({ type: "approvals/get", proposalId }).then(
      (proposal) => setLoad({ kind: "ready", proposal }),
      (error: unknown) =>
        setLoad({
          kind: "failed",
          message: error instanceof BackgroundError ? error.message : String(error),
        }),
    );
  }, []);

  const reject = async () => {
    await sendToBackground({ type: "approvals/reject", proposalId });
    setRejected(true);
  };

  return (
    <main className="connect">
      <div className="card stack connect-card" data-testid="approval" data-state={load.kind}>
        <div className="row">
          <Logo size={28} />
          <h1>Review a proposal</h1>
        </div>
        {load.kind === "loading" && <div className="skeleton" style={{ height: 80 }} />}
        {load.kind === "failed" && <div className="notice error">{load.message}</div>}
        {load.kind === "ready" && (
          <>
            <div className="spread">
              <h2>{load.proposal.title}</h2>
              <span className="small muted">
                {load.proposal.status}
                {countdown && ` · ${countdown}`}
              </span>
            </div>
            <ol className="stack" style={{ paddingLeft: 18, margin: 0 }}>
              {load.proposal.steps.map((step, stepNumber) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a proposal's steps never reorder; position is their identity
                <li key={stepNumber}>
                  {step.description}
                  <div className="small muted mono">
                    to {step.to} on chain {step.chainId}
                    {step.value !== "0" && ` · ${formatEther(BigInt(step.value))} ETH`}
                  </div>
                </li>
              ))}
            </ol>
            {rejected ? (
              <div className="notice info">Rejected. Nothing was sent.</div>
            ) : (
              <button type="button" className="button secondary" onClick={() => void reject()}>
                Reject
              </button>
            )}
          </>
        )}
      </div>
    </main>
  );
}
