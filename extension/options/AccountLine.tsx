import { useEffect, useState } from "react";
import type { SessionState } from "../lib/messages";
import { sendToBackground } from "../lib/messaging/sendToBackground";
import { sessionItem } from "../lib/storage/session";
import { shortAddress } from "../ui/format";

/**
 * Whom these settings are for, and whether Vigil is watching at all: a revoked or expired session must not look
 * the same here as a live one. Asked of the background, again whenever the session changes.
 */
export function AccountLine() {
  const [state, setState] = useState<SessionState | "unknown" | null>(null);
  useEffect(() => {
    const load = () => sendToBackground({ type: "session/get" }).then(setState, () => setState("unknown"));
    void load();
    return sessionItem.watch(() => void load());
  }, []);
  if (state === null) return null;
  if (state === "unknown")
    return (
      <p className="notice warning" data-testid="options-account" data-state="unknown">
        Vigil could not say whether you are signed in. Open its popup to check.
      </p>
    );
  return state.status === "signedIn" ? (
    <p className="notice info" data-testid="options-account" data-state="signedIn">
      Signed in as <span className="mono">{shortAddress(state.address)}</span>: Vigil watches this account,
      and the alert threshold below is saved to it.
    </p>
  ) : (
    <p className="notice warning" data-testid="options-account" data-state="signedOut">
      Not signed in: Vigil is watching nothing for this browser. Sign in from Vigil’s popup; until then the
      alert threshold below is kept in this browser only.
    </p>
  );
}
