import { healthFactorBand } from "../../shared/words/healthFactorBand";
import type { AavePresignPreview } from "../lib/messages/presignPreview";
import { healthFactorBandColors } from "../ui/healthFactorColors";
import { blockWords, healthFactorChange } from "./blockWords";
import { amountText, riskText } from "./previewWords";

/** Styles of the pre-sign preview card, inside its own closed shadow root. */
export const previewCss = `
:host {
  position: fixed !important; top: 16px !important; right: 16px !important;
  z-index: 2147483647 !important; pointer-events: none !important; display: block !important;
}
.card {
  pointer-events: auto; box-sizing: border-box; width: 352px; max-width: calc(100vw - 32px);
  background: #fff; border: 1px solid #e3e6eb; border-radius: 12px;
  padding: 14px 16px; box-shadow: 0 10px 30px rgb(16 24 40 / 22%);
  font: 400 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f29;
}
.title { font-weight: 700; font-size: 14px; margin: 0 0 2px; }
.muted { color: #626a7a; font-size: 12px; }
.rows { display: grid; grid-template-columns: auto 1fr; gap: 6px 12px; margin: 12px 0; align-items: center; }
.value { font-weight: 700; font-variant-numeric: tabular-nums; text-align: right; }
.note { background: #fff6e5; color: #8a5a00; border-radius: 8px; padding: 6px 8px; font-size: 12px; margin: 0 0 10px; }
.actions { display: flex; gap: 8px; justify-content: flex-end; }
button {
  font: 600 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; border-radius: 8px; padding: 7px 14px;
  cursor: pointer; border: 1px solid #3a5bd9;
}
.go { background: #3a5bd9; color: #fff; }
.cancel { background: #fff; color: #3a5bd9; }
button:focus-visible { outline: 2px solid #3a5bd9; outline-offset: 2px; }
.card.blocked { border: 2px solid #d92d20; }
.blocked .title { color: #b42318; }
.danger {
  background: #fef3f2; color: #b42318; border: 1px solid #fda29b; border-radius: 8px; padding: 8px 10px;
  font-size: 12px; margin: 0 0 10px;
}
.danger strong { display: block; font-size: 13px; margin-bottom: 2px; }
.ack { display: flex; gap: 8px; align-items: flex-start; font-size: 12px; margin: 0 0 10px; cursor: pointer; }
.ack input { margin: 2px 0 0; accent-color: #d92d20; }
.blocked .cancel { background: #3a5bd9; color: #fff; }
.anyway { background: #fff; color: #b42318; border-color: #d92d20; }
.anyway:disabled { opacity: 0.45; cursor: not-allowed; }
`;

const verbs = { supply: "Supply", borrow: "Borrow", withdraw: "Withdraw", repay: "Repay" } as const;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Renders the preview card and resolves with the user's choice: true = continue to the wallet, false = cancel.
 * Plain DOM (no framework in the content bundle); text only through textContent. `gone` aborted (the card can no
 * longer be answered, say the page removed it): resolves true at once, so the request goes on to the wallet.
 */
export function showPreviewCard(
  container: HTMLElement,
  preview: AavePresignPreview,
  gone?: AbortSignal,
): Promise<boolean> {
  const card = el("div", "card");
  card.dataset.testid = "vigil-preview";
  card.setAttribute("role", "dialog");
  card.setAttribute("aria-label", "Vigil: before you sign");
  card.append(
    el("p", "title", `Vigil · ${verbs[preview.action]} on Aave`),
    el("div", "muted", amountText(preview)),
  );

  const rows = el("div", "rows");
  const hfAfter = el("span", "value", healthFactorChange(preview));
  const after = preview.healthFactor.after;
  hfAfter.style.color = healthFactorBandColors[healthFactorBand(after === "unknown" ? null : after)];
  hfAfter.dataset.testid = "vigil-preview-hf";
  const risk = el("span", "value", `${riskText(preview.risk.before)} → ${riskText(preview.risk.after)}`);
  risk.dataset.testid = "vigil-preview-risk";
  rows.append(
    el("span", "muted", "Health factor"),
    hfAfter,
    el("span", "muted", `Risk (${preview.risk.horizon})`),
    risk,
  );
  card.append(rows);
  const block = blockWords(preview);
  if (preview.note) card.append(el("p", "note", preview.note));

  const actions = el("div", "actions");
  const cancel = el("button", "cancel", "Cancel");
  cancel.type = "button";
  cancel.dataset.testid = "vigil-preview-cancel";
  let go: HTMLButtonElement;
  if (block) {
    // Like Rabby for a dangerous transaction: a red warning, Cancel is the default (focused, Enter cancels), and
    // going on takes two deliberate steps, ticking the acknowledgement and then "Continue anyway".
    card.classList.add("blocked");
    card.dataset.block = preview.block ?? "";
    card.setAttribute("role", "alertdialog");
    const warning = el("div", "danger");
    warning.setAttribute("role", "alert");
    warning.dataset.testid = "vigil-preview-block";
    warning.append(el("strong", "", block.title), document.createTextNode(block.reason));
    const ack = el("label", "ack");
    const tick = el("input", "");
    tick.type = "checkbox";
    tick.dataset.testid = "vigil-preview-ack";
    ack.append(tick, el("span", "", block.acknowledge));
    go = el("button", "anyway", "Continue anyway");
    go.disabled = true;
    tick.addEventListener("change", () => {
      go.disabled = !tick.checked;
    });
    card.append(warning, ack);
  } else {
    go = el("button", "go", "Continue to wallet");
  }
  go.type = "button";
  go.dataset.testid = "vigil-preview-continue";
  actions.append(cancel, go);
  card.append(actions);
  container.append(card);
  (block ? cancel : go).focus();
  return awaitChoice(card, go, cancel, gone);
}

/** What the card says when the wallet's network changed under an earlier card of the same transaction. */
export const CHAIN_SWITCHED_NOTE =
  "Your wallet switched networks while Vigil showed this. This preview is for the network it will send on now.";

/**
 * The wallet switched networks while a preview card was up, and Vigil cannot preview the transaction on the
 * network it is on now: the card says so instead of letting the old preview stand for it. Resolves like
 * showPreviewCard (Continue is the default: the wallet still shows the transaction and its network).
 */
export function showChainSwitchedCard(container: HTMLElement, gone?: AbortSignal): Promise<boolean> {
  const card = el("div", "card");
  card.dataset.testid = "vigil-preview-switched";
  card.setAttribute("role", "dialog");
  card.setAttribute("aria-label", "Vigil: your wallet switched networks");
  card.append(
    el("p", "title", "Vigil · Your wallet switched networks"),
    el(
      "p",
      "note",
      "The preview you saw was for another network and no longer applies. Vigil cannot preview this " +
        "transaction on the network your wallet is on now: check the network and the transaction in your wallet.",
    ),
  );
  const actions = el("div", "actions");
  const cancel = el("button", "cancel", "Cancel");
  cancel.type = "button";
  cancel.dataset.testid = "vigil-preview-cancel";
  const go = el("button", "go", "Continue to wallet");
  go.type = "button";
  go.dataset.testid = "vigil-preview-continue";
  actions.append(cancel, go);
  card.append(actions);
  container.append(card);
  go.focus();
  return awaitChoice(card, go, cancel, gone);
}

/** The user's choice on a card: Continue → true, Cancel or Escape → false, `gone` aborted → true at once. */
function awaitChoice(
  card: HTMLElement,
  go: HTMLButtonElement,
  cancel: HTMLButtonElement,
  gone?: AbortSignal,
): Promise<boolean> {
  return new Promise((resolve) => {
    // Escape cancels wherever focus is (a click on the page or the disabled button moves it off the card); in
    // the capture phase, so a page that stops key events cannot keep the card from closing.
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") done(false);
    };
    const done = (proceed: boolean) => {
      document.removeEventListener("keydown", onKey, true);
      gone?.removeEventListener("abort", onGone);
      card.remove();
      resolve(proceed);
    };
    const onGone = () => done(true);
    go.addEventListener("click", () => {
      if (!go.disabled) done(true);
    });
    cancel.addEventListener("click", () => done(false));
    document.addEventListener("keydown", onKey, true);
    if (gone?.aborted) onGone();
    else gone?.addEventListener("abort", onGone);
  });
}
