import { defineUnlistedScript } from "wxt/utils/define-unlisted-script";
import { PAGE_BRIDGE_HELLO_EVENT, PAGE_BRIDGE_OFFER_EVENT } from "../lib/messages/pageBridgeTag";
import { type PreviewCandidate, previewCandidate, toChainId } from "../overlay/previewCandidate";

/**
 * Runs in the page's main world (a manifest content script, world MAIN, at document_start), with three jobs:
 * 1. EIP-6963 discovery: reports the page's wallets (public info only) to the content script.
 * 2. Wallet relay: Vigil's own pages sign in and send approved proposals through a wallet announced here
 *    (extension pages cannot see EIP-6963 wallets); those calls skip the preview, Vigil's page shows one.
 * 3. Pre-sign preview: wraps `request` of the page's EIP-1193 providers (window.ethereum and every announced
 *    one). Only an `eth_sendTransaction` that could be an Aave Pool call (previewCandidate.ts: selector and
 *    shape, decided synchronously) is held: until the content script answers, which it does at once for
 *    anything it cannot preview, or until the user chose on Vigil's card; cancel rejects with EIP-1193 error
 *    4001. Every other request goes to the wallet in the same call, as it came.
 * It talks to the content script only over a MessagePort handed over once, before any page script ran (see
 * below), so the page cannot read the traffic nor answer in its place. It holds nothing secret; the content
 * script validates what it sends. It imports only string constants and one small pure function: this runs on
 * every in-page site load.
 */
interface Eip1193Like {
  request?: (args: { method: string; params?: unknown }) => Promise<unknown>;
  chainId?: unknown;
}
interface Eip6963Detail {
  info?: { uuid?: unknown; name?: unknown; icon?: unknown; rdns?: unknown };
  provider?: Eip1193Like;
}
interface RelayRequest {
  rdns?: unknown;
  method?: unknown;
  params?: unknown;
}

/**
 * The content script acknowledges a preview request as soon as it reads it (a port message, well under a
 * millisecond). Silence means it is gone (Vigil updated or removed without saying so): then go on after this.
 */
const NO_LISTENER_MS = 500;

/**
 * How often a held transaction is previewed again because the wallet's chain changed while its card was up (a
 * page switching back and forth). After that it goes on to the wallet, which names its network itself.
 */
const MAX_CHAIN_RECHECKS = 3;

export default defineUnlistedScript(() => {
  // --- transport ----------------------------------------------------------------------------------------------
  // Both Vigil scripts run at document_start, before any page script. Whichever runs second completes the
  // hand-over synchronously: the offer is a cancelable event carrying the port, and the content script cancels
  // it when it takes the port (then dispatchEvent returns false here). Once handed over, nothing is offered
  // again, and the content script takes only the first offer, so a page script can neither get nor plant a port.
  const { port1: port, port2: contentPort } = new MessageChannel();
  // Every call below goes through these two, taken before any page script ran: a page that later replaces
  // Function.prototype.call (or apply) would otherwise be handed the port as `this` of the next post.
  const apply = Reflect.apply;
  const portPost = MessagePort.prototype.postMessage;
  const dataGetter = Object.getOwnPropertyDescriptor(MessageEvent.prototype, "data")?.get;
  const dataOf = (event: MessageEvent): unknown => (dataGetter ? apply(dataGetter, event, []) : undefined);
  let handedOver = false;
  const offer = () => {
    if (handedOver) return;
    const event = new MessageEvent(PAGE_BRIDGE_OFFER_EVENT, { ports: [contentPort], cancelable: true });
    if (window.dispatchEvent(event)) return;
    handedOver = true;
    window.removeEventListener(PAGE_BRIDGE_HELLO_EVENT, offer, true);
  };
  window.addEventListener(PAGE_BRIDGE_HELLO_EVENT, offer, true);
  offer();
  const post = (payload: unknown) => apply(portPost, port, [payload]);

  // --- pre-sign preview -------------------------------------------------------------------------------------
  const waiting = new Map<string, { pending(): void; decide(proceed: boolean): void }>();
  let previewOff = false;
  // Only the content script holds the other end of this port. Its messages are handled in a task of their own,
  // never inside the port's listener: while that runs, window.event is the port's event (its target the port),
  // and handling calls page code (the wallet's request, a builtin the page replaced), which could read it. The
  // listener calls only what was taken at document_start and forwards the data through a second, private
  // channel, whose events carry nothing a page could use (the data is Vigil's messages, the page's own to see).
  const { port1: inbox, port2: toInbox } = new MessageChannel();
  port.onmessage = (event) => apply(portPost, toInbox, [dataOf(event)]);
  inbox.onmessage = (event) => {
    const payload = dataOf(event) as {
      kind?: unknown;
      requestId?: unknown;
      proceed?: unknown;
      request?: RelayRequest;
    } | null;
    if (payload?.kind === "preview/off") {
      // Vigil's content script is going away: nothing is previewed any more, what waits goes on now.
      previewOff = true;
      for (const entry of [...waiting.values()]) entry.decide(true);
      return;
    }
    if (payload?.kind === "wallet/request" && typeof payload.requestId === "string") {
      void relay(payload.requestId, payload.request);
      return;
    }
    const entry = typeof payload?.requestId === "string" ? waiting.get(payload.requestId) : undefined;
    if (!entry) return;
    if (payload?.kind === "preview/pending") entry.pending();
    if (payload?.kind === "preview/decision" && typeof payload.proceed === "boolean")
      entry.decide(payload.proceed);
  };

  const newRequestId = () =>
    Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, "0")).join("");

  /** Resolves true (go on) or false (the user cancelled); true when Vigil is not there to ask. */
  const askVigil = (tx: {
    chainId: number;
    to: string;
    data: string;
    from?: string;
    /** The chain an earlier card of this transaction previewed, before the wallet switched away from it. */
    switchedFrom?: number;
  }) =>
    new Promise<boolean>((resolve) => {
      const requestId = newRequestId();
      const finish = (proceed: boolean) => {
        clearTimeout(timer);
        waiting.delete(requestId);
        resolve(proceed);
      };
      const timer = setTimeout(() => finish(true), NO_LISTENER_MS);
      waiting.set(requestId, { pending: () => clearTimeout(timer), decide: finish });
      post({ kind: "preview/request", requestId, tx });
    });

  const userRejected = () =>
    Object.assign(new Error("User rejected the request (cancelled in Vigil's preview)."), { code: 4001 });

  // --- the page's account ------------------------------------------------------------------------------------
  // The account the page's wallet gave it (eth_accounts / eth_requestAccounts answers, then accountsChanged on
  // that provider): the badge says when the site is on another account than the one Vigil watches.
  let reportedAccount: string | null | undefined;
  const reportAccounts = (accounts: unknown) => {
    const first = Array.isArray(accounts) && typeof accounts[0] === "string" ? accounts[0] : null;
    if (first === reportedAccount) return;
    reportedAccount = first;
    post({ kind: "page/account", account: first });
  };
  const followed = new WeakSet<object>();
  const follow = (provider: Eip1193Like) => {
    if (followed.has(provider)) return;
    followed.add(provider);
    try {
      (provider as { on?: (event: string, listener: (accounts: unknown) => void) => unknown }).on?.(
        "accountsChanged",
        reportAccounts,
      );
    } catch {
      // A provider without events: its request answers still say which account the page uses.
    }
  };
  const asksAccounts = (args: { method?: unknown } | undefined) => {
    try {
      return args?.method === "eth_accounts" || args?.method === "eth_requestAccounts";
    } catch {
      return false;
    }
  };

  /** Each wrapped provider's own request, which the relay calls so Vigil's pages are not previewed twice. */
  const originals = new WeakMap<object, NonNullable<Eip1193Like["request"]>>();
  const wrap = (provider: Eip1193Like | undefined) => {
    if (!provider || typeof provider.request !== "function" || originals.has(provider)) return;
    const original = provider.request;
    /** A possible Pool call: Vigil may show its card first; anything that goes wrong lets it go on. */
    const previewThenSend = async (
      self: unknown,
      args: { method: string; params?: unknown },
      candidate: PreviewCandidate,
    ) => {
      let proceed = true;
      try {
        let chainId =
          candidate.chainId ?? toChainId(provider.chainId) ?? toChainId(await walletChainId(original));
        let switchedFrom: number | null = null;
        const { to, data, from } = candidate;
        for (let round = 0; chainId !== null && !previewOff && round <= MAX_CHAIN_RECHECKS; round++) {
          proceed = await askVigil({
            chainId,
            to,
            data,
            ...(from ? { from } : {}),
            ...(switchedFrom !== null ? { switchedFrom } : {}),
          });
          // A transaction that names its chain is sent there or refused by the wallet; one that names none goes
          // out on the chain the wallet is on at release, which the page (or the user) may have switched while
          // the card was up: then the card was about another chain, and is shown again for this one.
          if (!proceed || candidate.chainId !== null) break;
          const now = toChainId(await walletChainId(original));
          if (now === null || now === chainId) break;
          switchedFrom = chainId;
          chainId = now;
        }
      } catch {
        // The wallet could not say its chain (or threw): no preview, the request goes on.
      }
      if (!proceed) throw userRejected();
      return apply(original, self ?? provider, [args]);
    };
    /**
     * The wallet's chain when the transaction names none. A wallet that is slow to say (or never does) gets
     * NO_LISTENER_MS: then null, no preview, and the request goes on; it must not wait on Vigil's own question.
     */
    const walletChainId = (call: NonNullable<Eip1193Like["request"]>) =>
      new Promise<unknown>((resolve) => {
        const timer = setTimeout(() => resolve(null), NO_LISTENER_MS);
        const settle = (value: unknown) => {
          clearTimeout(timer);
          resolve(value);
        };
        try {
          Promise.resolve(apply(call, provider, [{ method: "eth_chainId" }])).then(settle, () =>
            settle(null),
          );
        } catch {
          settle(null);
        }
      });
    // Not async: a request that is not a candidate reaches the wallet within this very call.
    const request = function (this: unknown, args: { method: string; params?: unknown }) {
      let candidate: PreviewCandidate | null = null;
      try {
        candidate = previewOff ? null : previewCandidate(args);
      } catch {
        // A page's odd arguments (a throwing getter) are the wallet's to judge, not Vigil's.
      }
      if (!candidate) {
        const answer = apply(original, this ?? provider, [args]);
        if (asksAccounts(args)) {
          // Read on the side: the page gets the very promise the wallet returned.
          follow(provider);
          Promise.resolve(answer).then(reportAccounts, () => undefined);
        }
        return answer;
      }
      return previewThenSend(this, args, candidate);
    };
    try {
      Object.defineProperty(provider, "request", { value: request, configurable: true, writable: true });
      originals.set(provider, original);
    } catch {
      // A frozen provider cannot be wrapped: its requests simply go through without a preview.
    }
  };
  wrap((window as { ethereum?: Eip1193Like }).ethereum);

  // --- wallet relay -----------------------------------------------------------------------------------------
  // The content script validated the request (allowed methods, sizes); this only finds the wallet and answers.
  const relay = async (requestId: string, request: RelayRequest | undefined) => {
    const answer = (outcome: unknown) => post({ kind: "wallet/response", requestId, outcome });
    const provider = typeof request?.rdns === "string" ? providersByRdns.get(request.rdns) : undefined;
    const call = provider ? (originals.get(provider) ?? provider.request) : undefined;
    if (!provider || !call || typeof request?.method !== "string") {
      answer({ ok: false, error: { code: 4900, message: "That wallet is not on this page." } });
      return;
    }
    try {
      const params = Array.isArray(request.params) ? request.params : [];
      const result = await apply(call, provider, [{ method: request.method, params }]);
      answer({ ok: true, result: result ?? null });
    } catch (error) {
      const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
      answer({
        ok: false,
        error: {
          code: typeof code === "number" && Number.isInteger(code) ? code : -32603,
          message: typeof message === "string" ? message.slice(0, 2000) : "The wallet failed.",
        },
      });
    }
  };

  // --- EIP-6963 discovery -----------------------------------------------------------------------------------
  // The first announcement of an rdns is the one Vigil keeps: a later one (the page's own, say) never replaces
  // a wallet already seen, so relayed requests keep going to the provider that announced first.
  const seen = new Map<string, { uuid: string; name: string; icon: string; rdns: string }>();
  const providersByRdns = new Map<string, Eip1193Like>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const report = () => post({ kind: "eip6963/providers", providers: [...seen.values()].slice(0, 20) });

  window.addEventListener("eip6963:announceProvider", (event) => {
    const detail = (event as CustomEvent<Eip6963Detail>).detail;
    wrap(detail?.provider);
    const info = detail?.info;
    if (!info || typeof info.rdns !== "string" || typeof info.uuid !== "string") return;
    if (typeof info.name !== "string" || typeof info.icon !== "string") return;
    if (seen.has(info.rdns) || !detail?.provider) return;
    seen.set(info.rdns, { uuid: info.uuid, name: info.name, icon: info.icon, rdns: info.rdns });
    providersByRdns.set(info.rdns, detail.provider);
    clearTimeout(timer);
    timer = setTimeout(report, 300);
  });
  window.dispatchEvent(new Event("eip6963:requestProvider"));
});
