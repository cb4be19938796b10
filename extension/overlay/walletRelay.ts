import type { ToPagePayload } from "../lib/messages/pageBridge";
import {
  WALLET_NOT_ON_PAGE,
  type WalletRelayOutcome,
  walletRelayTabMessageSchema,
} from "../lib/messages/walletRelay";

export interface WalletRelayHost {
  /** Posts to Vigil's main-world script on this page. */
  toPage(payload: ToPagePayload): void;
  /** Vigil's own extension origin (`chrome-extension://<id>/`): only its pages may use the page's wallet. */
  extensionOrigin: string;
  extensionId: string;
  newRequestId(): string;
}

export interface WalletRelay {
  /** Handles one runtime message; true when it is a relay request (the answer comes through `respond`). */
  onMessage(
    message: unknown,
    sender: { id?: string; url?: string },
    respond: (outcome: WalletRelayOutcome) => void,
  ): boolean;
  /** The main world's answer to the request `requestId`. */
  onResponse(requestId: string, outcome: WalletRelayOutcome): void;
  /** The content script is going away (extension reloaded): every open request fails now, not never. */
  close(): void;
}

/** A page cannot flood the wallet through Vigil, but a stuck wallet should not pile up requests either. */
const MAX_OPEN_REQUESTS = 16;

const failure = (code: number, message: string): WalletRelayOutcome => ({
  ok: false,
  error: { code, message },
});

/**
 * The content script's half of the wallet relay: takes a request from one of Vigil's extension pages, checks
 * who sent it and what it asks (the schema allows only sign-in and transaction methods), hands it to the
 * main world, and answers with what the wallet said.
 */
export function createWalletRelay(host: WalletRelayHost): WalletRelay {
  const open = new Map<string, (outcome: WalletRelayOutcome) => void>();
  return {
    onMessage(message, sender, respond) {
      const parsed = walletRelayTabMessageSchema().safeParse(message);
      if (!parsed.success) return false;
      if (sender.id !== host.extensionId || !sender.url?.startsWith(host.extensionOrigin)) {
        respond(failure(4100, "Only Vigil's own pages may use this page's wallet."));
        return true;
      }
      if (open.size >= MAX_OPEN_REQUESTS) {
        respond(failure(-32005, "Too many wallet requests are waiting; answer the wallet first."));
        return true;
      }
      const requestId = host.newRequestId();
      open.set(requestId, respond);
      host.toPage({ kind: "wallet/request", requestId, request: parsed.data.request });
      return true;
    },
    onResponse(requestId, outcome) {
      const respond = open.get(requestId);
      if (!respond) return;
      open.delete(requestId);
      respond(outcome);
    },
    close() {
      for (const respond of open.values())
        respond(failure(WALLET_NOT_ON_PAGE, "The page was reloaded or Vigil was updated."));
      open.clear();
    },
  };
}
