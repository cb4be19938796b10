import { browser } from "wxt/browser";
import type { ContentScriptContext } from "wxt/utils/content-script-context";
import { createShadowRootUi } from "wxt/utils/content-script-ui/shadow-root";
import type { PageTransactionRequest } from "../lib/messages/pageBridge";
import type { AavePresignPreview } from "../lib/messages/presignPreview";
import { CHAIN_SWITCHED_NOTE, previewCss, showChainSwitchedCard, showPreviewCard } from "./previewView";

const isNumberOrNull = (value: unknown) => value === null || typeof value === "number";
const isRisk = (value: unknown) =>
  value === null ||
  (typeof value === "object" &&
    typeof (value as { probability?: unknown }).probability === "number" &&
    typeof (value as { band?: unknown }).band === "string");

/**
 * Asks the background what the transaction does to the account. Like overlayStatus, only the envelope and the
 * fields the card reads are checked (no zod in the content bundle): the background validated its inputs.
 */
async function fetchPreview(tx: PageTransactionRequest): Promise<AavePresignPreview | null> {
  const raw: unknown = await browser.runtime
    .sendMessage({ type: "preview/aaveTransaction", ...tx })
    .catch(() => null);
  return previewFromAnswer(raw);
}

/** The background's answer as a card to show, or null (no card: the request goes on to the wallet). */
export function previewFromAnswer(raw: unknown): AavePresignPreview | null {
  if (typeof raw !== "object" || raw === null || !("ok" in raw) || raw.ok !== true || !("data" in raw))
    return null;
  const data = raw.data as Partial<AavePresignPreview> & { kind?: unknown };
  if (data.kind !== "aave" || typeof data.action !== "string") return null;
  const hf = data.healthFactor;
  const risk = data.risk;
  // "unknown" after: a call Vigil cannot work out still gets its card, which says so.
  if (!hf || !isNumberOrNull(hf.before) || !(isNumberOrNull(hf.after) || hf.after === "unknown")) return null;
  if (!risk || !isRisk(risk.before) || !isRisk(risk.after)) return null;
  if (typeof data.alertThreshold !== "number") return null;
  if (data.block !== null && data.block !== "liquidatable" && data.block !== "belowAlert") return null;
  return data as AavePresignPreview;
}

/**
 * How long a possible Pool call may wait for the background's answer before it goes on without a card: the
 * background reads its cached portfolio and bounds the risk model (PREVIEW_RISK_BUDGET_MS) below this.
 */
export const PREVIEW_ANSWER_DEADLINE_MS = 2500;

const withDeadline = <T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    void promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });

/**
 * Decides about one held eth_sendTransaction: true lets it go to the wallet, false cancels it (4001). Only a
 * transaction the background recognises as a Pool call of the watched account waits, and then only for its
 * card; anything else (another contract, signed out, no answer in time, any error) goes on as soon as known.
 */
export function createPresignPreview(ctx: ContentScriptContext) {
  // One card at a time: a second previewed request waits for the first card to close. Requests without a card
  // never join this queue.
  let cards: Promise<unknown> = Promise.resolve();

  /** `preview` null: the wallet switched networks and there is nothing to preview on the new one (say so). */
  const showCard = async (preview: AavePresignPreview | null): Promise<boolean> => {
    const ui = await createShadowRootUi(ctx, {
      name: "vigil-preview",
      mode: "closed",
      position: "inline",
      anchor: "body",
      css: previewCss,
      // The card's answer is what this UI "mounts": ui.mounted resolves with the user's choice.
      onMount(container, _shadow, host) {
        host.dataset.testid = "vigil-preview-host";
        // The page may take the card out of its DOM (an SPA re-rendering its body, or on purpose): nobody can
        // answer it then, so the request goes on to the wallet rather than wait forever (and every later card
        // behind it).
        const gone = new AbortController();
        const detached = new MutationObserver(() => {
          if (!host.isConnected) gone.abort();
        });
        detached.observe(document, { childList: true, subtree: true });
        const choice = preview
          ? showPreviewCard(container, preview, gone.signal)
          : showChainSwitchedCard(container, gone.signal);
        return choice.finally(() => detached.disconnect());
      },
    });
    ui.mount();
    try {
      return (await ui.mounted) ?? true;
    } finally {
      ui.remove();
    }
  };

  return async ({ switchedFrom, ...tx }: PageTransactionRequest): Promise<boolean> => {
    const preview = await withDeadline(fetchPreview(tx), PREVIEW_ANSWER_DEADLINE_MS, null);
    // Not an Aave Pool call, or Vigil cannot tell: the wallet still asks the user, nothing to add. Unless the user
    // already saw a card of it for the chain the wallet then left: that card must not stand for this chain.
    if (!preview && switchedFrom === undefined) return true;
    const shown =
      preview && switchedFrom !== undefined
        ? { ...preview, note: preview.note ? `${CHAIN_SWITCHED_NOTE} ${preview.note}` : CHAIN_SWITCHED_NOTE }
        : preview;
    const next = cards.then(() => showCard(shown)).catch(() => true);
    cards = next;
    return next;
  };
}
