import { useState } from "react";
import type { SessionState } from "../lib/messages";
import { connectWallet } from "../lib/wallet/connectWallet";
import { type SignInStep, signInWithWallet } from "../lib/wallet/signIn";
import { Logo } from "../ui/components/Logo";
import { shortAddress } from "../ui/format";
import { useChosenWallet } from "../ui/useChosenWallet";
import "./connect.css";
import { signInFailureReason } from "./signInFailure";

type Phase =
  | { kind: "idle" }
  | { kind: "connecting" }
  | { kind: "working"; step: SignInStep }
  | { kind: "confirm"; address: string; answer: (yes: boolean) => void }
  | { kind: "done"; session: Extract<SessionState, { status: "signedIn" }> }
  | { kind: "failed"; message: string };

const stepText: Record<SignInStep, string> = {
  account: "Choose the account to use in your wallet…",
  sign: "Sign the message in your wallet. It costs nothing and sends no transaction.",
  verify: "Checking the signature with Vigil…",
};

/**
 * A full tab, not the popup: the popup closes as soon as the wallet's own window takes focus, which would
 * abandon the sign-in half way.
 */
export function ConnectApp() {
  const wallet = useChosenWallet();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const walletName = wallet?.name ?? "your wallet";

  const signIn = async () => {
    if (!wallet) return;
    setPhase({ kind: "connecting" });
    try {
      const provider = await connectWallet(wallet.settings.wallet);
      // A page wallet's answers cross a web page: the user confirms the account before anything is signed.
      const confirmAccount = wallet.viaSite
        ? (address: string) =>
            new Promise<boolean>((answer) => setPhase({ kind: "confirm", address, answer }))
        : undefined;
      const session = await signInWithWallet(
        provider,
        (step) => setPhase({ kind: "working", step }),
        confirmAccount,
      );
      if (session.status !== "signedIn") throw new Error("Vigil’s server did not open a session. Try again.");
      setPhase({ kind: "done", session });
    } catch (error) {
      setPhase({ kind: "failed", message: signInFailureReason(error) });
    }
  };

  const busy = phase.kind === "connecting" || phase.kind === "working" || phase.kind === "confirm";
  return (
    <main className="connect">
      <div
        className="card stack connect-card"
        data-testid="connect"
        data-phase={phase.kind}
        data-step={phase.kind === "working" ? phase.step : undefined}
      >
        <div className="row">
          <Logo size={28} />
          <h1>Sign in to Vigil</h1>
        </div>
        <p className="muted">
          Vigil reads your positions with your address and never holds a key: every signature and transaction
          goes through your own wallet.
        </p>
        {phase.kind === "done" ? (
          <div className="notice info" data-testid="connect-done">
            Signed in as <span className="mono">{shortAddress(phase.session.address)}</span>. You can close
            this tab; the Vigil button in the toolbar shows your dashboard.
          </div>
        ) : (
          <button
            type="button"
            className="button block"
            onClick={() => void signIn()}
            disabled={!wallet || busy}
            data-testid="connect-sign-in"
          >
            {busy ? "Waiting for your wallet…" : `Sign in with ${walletName}`}
          </button>
        )}
        {wallet?.viaSite && phase.kind !== "done" && (
          <p className="small muted" data-testid="connect-page-wallet">
            {walletName} lives in web pages, so Vigil asks it through a tab of {wallet.viaSite} (opened in the
            background if none is open). Your wallet shows the request as coming from that site.
          </p>
        )}
        {phase.kind === "connecting" && <p className="muted">Looking for {walletName}…</p>}
        {phase.kind === "working" && <p className="muted">{stepText[phase.step]}</p>}
        {phase.kind === "confirm" && (
          <div className="notice info stack" data-testid="connect-confirm">
            <span>
              Sign in as{" "}
              <span className="mono" data-testid="connect-account">
                {phase.address}
              </span>
              ? Check that this is your own account: the site relaying to {walletName} could name another one.
            </span>
            <div className="row">
              <button
                type="button"
                className="button"
                data-testid="connect-confirm-yes"
                onClick={() => phase.answer(true)}
              >
                Yes, sign in as this account
              </button>
              <button
                type="button"
                className="button secondary"
                data-testid="connect-confirm-no"
                onClick={() => phase.answer(false)}
              >
                No
              </button>
            </div>
          </div>
        )}
        {phase.kind === "failed" && (
          <div className="notice error" role="alert">
            <strong>Sign-in failed.</strong> <span data-testid="connect-error">{phase.message}</span>
          </div>
        )}
        {phase.kind === "done" && (
          <button type="button" className="button secondary" onClick={() => window.close()}>
            Close tab
          </button>
        )}
      </div>
    </main>
  );
}
