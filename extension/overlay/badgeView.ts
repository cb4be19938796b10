import { healthFactorBand, healthFactorLabel } from "../../shared/words/healthFactorBand";
import { formatHealthFactorAgainst } from "../../shared/words/healthFactorText";
import type { OverlayStatus } from "../lib/messages";
import { healthFactorBandColors } from "../ui/healthFactorColors";
import { onOtherAccount } from "./pageAccount";

/** Styles inside the closed shadow root; the page's CSS cannot reach them and ours cannot leak out. */
export const badgeCss = `
/* After WXT's ":host { all: initial !important }" reset, so these need !important too. The host takes no
   pointer events: the page under it stays clickable; only the badge and its details do. */
:host {
  position: fixed !important; right: 16px !important; bottom: 16px !important;
  z-index: 2147483646 !important; pointer-events: none !important; display: block !important;
}
.badge {
  pointer-events: auto; cursor: pointer; display: inline-flex; align-items: center; gap: 8px;
  font: 600 13px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f29;
  background: #fff; border: 1px solid #e3e6eb; border-radius: 999px; padding: 7px 12px;
  box-shadow: 0 4px 14px rgb(16 24 40 / 18%);
}
.badge:focus-visible { outline: 2px solid #3a5bd9; outline-offset: 2px; }
.dot { width: 10px; height: 10px; border-radius: 50%; }
.wrap { display: flex; flex-direction: column; align-items: flex-end; }
`;

const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/** The badge's words; `pageAccount` is the account the site's wallet is on, when the page asked for it. */
export function badgeLabel(status: OverlayStatus | null, pageAccount: string | null = null): string {
  if (!status) return "Vigil";
  if (!status.signedIn) return "Vigil · sign in";
  if (onOtherAccount(status.account, pageAccount)) return "Vigil · other account";
  if (status.updatedAt === null) return "Vigil · loading";
  if (!status.portfolioKnown) return "Vigil · signed in";
  const figure =
    status.healthFactor === null
      ? "no debt"
      : status.healthFactor < 1
        ? "liquidatable"
        : `HF ${formatHealthFactorAgainst(status.healthFactor, status.alertThreshold)}`;
  // An old figure in Aave's colours reads as "all fine, and watched": say it is not current.
  return status.stale ? `Vigil · ${figure} · not updating` : `Vigil · ${figure}`;
}

export function badgeDetail(status: OverlayStatus | null, pageAccount: string | null = null): string {
  if (!status) return "Vigil could not reach its background. Reload the page.";
  if (!status.signedIn) return "Click to open Vigil and sign in; your health factor then shows here.";
  if (status.account !== null && pageAccount !== null && onOtherAccount(status.account, pageAccount))
    return `This site is on ${short(pageAccount)}; Vigil watches ${short(status.account)}, the wallet you signed in with, so no health factor is shown for this one. Click to open Vigil.`;
  if (status.updatedAt === null) return "Your positions are loading. Click to open Vigil.";
  if (!status.portfolioKnown)
    return "Signed in. Your health factor appears here once Vigil has your positions. Click to open Vigil.";
  const word = healthFactorLabel(status.healthFactor);
  const minutes = Math.round((Date.now() - status.updatedAt) / 60_000);
  if (status.stale)
    return `Vigil cannot update your positions right now (its server or the chain is not answering). The last health factor it read was ${formatHealthFactorAgainst(status.healthFactor, status.alertThreshold, "∞")}, ${
      minutes < 1 ? "just now" : `${minutes} min ago`
    }: do not rely on it. Click to open Vigil.`;
  return `Health factor ${formatHealthFactorAgainst(status.healthFactor, status.alertThreshold, "∞")}${word ? ` (${word.toLowerCase()})` : ""}. Updated ${
    minutes < 1 ? "just now" : `${minutes} min ago`
  }. Click to open Vigil for positions and alerts.`;
}

export interface BadgeView {
  render(status: OverlayStatus | null, pageAccount?: string | null): void;
}

/**
 * The badge, in plain DOM (no framework in the content bundle). A click opens the dashboard (`onOpen`); what
 * the badge means is its tooltip and accessible description.
 */
export function createBadgeView(container: HTMLElement, onOpen: () => void): BadgeView {
  const wrap = document.createElement("div");
  wrap.className = "wrap";
  const badge = document.createElement("button");
  badge.type = "button";
  badge.className = "badge";
  badge.dataset.testid = "vigil-badge";
  const dot = document.createElement("span");
  dot.className = "dot";
  const text = document.createElement("span");
  badge.append(dot, text);
  wrap.append(badge);
  container.append(wrap);
  badge.addEventListener("click", onOpen);

  return {
    render(status, pageAccount = null) {
      const other = status !== null && onOtherAccount(status.account, pageAccount);
      const band =
        status?.signedIn && status.updatedAt !== null && !other && !status.stale
          ? healthFactorBand(status.healthFactor)
          : "none";
      dot.style.background = healthFactorBandColors[band];
      text.textContent = badgeLabel(status, pageAccount);
      badge.dataset.band = band;
      badge.dataset.account = other ? "other" : "watched";
      badge.title = badgeDetail(status, pageAccount);
      badge.setAttribute("aria-description", badge.title);
    },
  };
}
