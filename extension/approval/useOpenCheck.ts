import { useEffect, useRef, useState } from "react";
import type { Transaction } from "../lib/api/contract";
import { BackgroundError, sendToBackground } from "../lib/messaging/sendToBackground";

/** The chain read once as the page opens: running, done (the proposal then carries `preview.recheck`), or refused. */
export type OpenCheck = { kind: "idle" } | { kind: "checking" } | { kind: "failed"; message: string };

type CheckState = OpenCheck | { kind: "failed"; message: string; simulatedAt: string | undefined };

const OPEN = new Set(["pending", "approved"]);

/**
 * Re-simulates an open proposal once, as the page opens (what Sign does again before the wallet): the user decides
 * on the health factor the chain has now, and hears before signing that a step would fail (a paused reserve, a
 * repaid debt…). `show` takes the proposal with today's figures. Costs one rate-limited simulation per opening.
 */
export function useOpenCheck(
  proposalId: string,
  proposal: Transaction | null,
  show: (next: Transaction) => void,
): OpenCheck {
  const [check, setCheck] = useState<CheckState>({ kind: "idle" });
  const started = useRef(false);
  const simulatedAt = useRef<string | undefined>(undefined);
  simulatedAt.current = proposal?.preview?.simulation.simulatedAt;
  const checkable =
    proposal !== null &&
    proposal.preview !== null &&
    OPEN.has(proposal.status) &&
    (proposal.expiresAt === null || Date.parse(proposal.expiresAt) > Date.now());
  useEffect(() => {
    if (!checkable || started.current) return;
    started.current = true;
    setCheck({ kind: "checking" });
    sendToBackground({ type: "approvals/simulate", proposalId }).then(
      (next) => {
        show(next);
        setCheck({ kind: "idle" });
      },
      (error: unknown) =>
        setCheck({
          kind: "failed",
          message: error instanceof BackgroundError || error instanceof Error ? error.message : String(error),
          simulatedAt: simulatedAt.current,
        }),
    );
  }, [checkable, proposalId, show]);
  // A refusal stands until a later simulation (Sign runs one) went through: then it is no longer what is true.
  if (check.kind === "failed" && "simulatedAt" in check && check.simulatedAt !== simulatedAt.current)
    return { kind: "idle" };
  return check.kind === "failed" ? { kind: "failed", message: check.message } : check;
}
