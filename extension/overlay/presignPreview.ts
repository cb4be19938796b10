import { browser } from "wxt/browser";
import type { ContentScriptContext } from "wxt/utils/content-script-context";
import { createShadowRootUi } from "wxt/utils/content-script-ui/shadow-root";
import type { PageTransactionRequest } from "../../shared/messages/pageBridge";
import type { AavePresignPreview } from "../../shared/messages/presignPreview";
import { previewCss, showPreviewCard } from "./previewView";

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
  if (typeof raw !== "object" || raw === null || !("ok" in raw) || raw.ok !== true || !("data" in raw))
    return null;
  const data = raw.data as Partial<AavePresignPreview> & { kind?: unknown };
  if (data.kind !== "aave" || typeof data.action !== "string") return null;
  const hf = data.healthFactor;
  const risk = data.risk;
  if (!hf || !isNumberOrNull(hf.before) || !isNumberOrNull(hf.after)) return null;
  if (!risk || !isRisk(risk.before) || !isRisk(risk.after)) return null;
  return data as AavePresignPreview;
}

/** Decides about one held eth_sendTransaction: true lets it go to the wallet, false cancels it (4001). */
export function createPresignPreview(ctx: ContentScriptContext) {
  // One decision at a time: a second request waits for the first card to close.
  let queue: Promise<unknown> = Promise.resolve();

  const decide = async (tx: PageTransactionRequest): Promise<boolean> => {
    const preview = await fetchPreview(tx);
    // Not an Aave Pool call, or Vigil cannot tell: the wallet still asks the user, nothing to add.
    if (!preview) return true;
    const ui = await createShadowRootUi(ctx, {
      name: "vigil-preview",
      mode: "closed",
      position: "inline",
      anchor: "body",
      css: previewCss,
      // The card's answer is what this UI "mounts": ui.mounted resolves with the user's choice.
      onMount(container, _shadow, host) {
        host.dataset.testid = "vigil-preview-host";
        return showPreviewCard(container, preview);
      },
    });
    ui.mount();
    try {
      return (await ui.mounted) ?? true;
    } finally {
      ui.remove();
    }
  };

  return (tx: PageTransactionRequest): Promise<boolean> => {
    const next = queue.then(() => decide(tx)).catch(() => true);
    queue = next;
    return next;
  };
}
