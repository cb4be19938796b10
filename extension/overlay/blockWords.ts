import { formatHealthFactorBelow } from "../../shared/words/healthFactorText";
import type { AavePresignPreview } from "../lib/messages/presignPreview";

const nouns = { supply: "supply", borrow: "borrow", withdraw: "withdrawal", repay: "repayment" } as const;

/**
 * Two decimals, never rounded up across 1 (0.996 is "0.99", not "1.00") nor, when `alertLine` is given, up to the
 * user's alert line (1.2999 is "1.2999" beside a 1.30 alert, as the badge and the popup say it).
 */
export const healthFactorFigure = (hf: number, alertLine?: number) =>
  hf < 1
    ? (Math.floor(hf * 100) / 100).toFixed(2)
    : hf >= 100
      ? "> 100"
      : alertLine !== undefined && hf < alertLine
        ? formatHealthFactorBelow(hf, alertLine)
        : hf.toFixed(2);

type HealthFactorAfter = AavePresignPreview["healthFactor"]["after"];

/** One side of the card's "before → after": "no debt" only when there is none, "unknown" when Vigil cannot tell. */
export const healthFactorSide = (hf: HealthFactorAfter, alertLine?: number): string =>
  hf === "unknown" ? "unknown" : hf === null ? "no debt" : healthFactorFigure(hf, alertLine);

/** The card's health-factor row: "1.42 → 1.25", or "1.93 → unknown" for a call Vigil cannot work out. */
export const healthFactorChange = (preview: AavePresignPreview): string =>
  `${healthFactorSide(preview.healthFactor.before, preview.alertThreshold)} → ${healthFactorSide(preview.healthFactor.after, preview.alertThreshold)}`;

export interface BlockWords {
  title: string;
  reason: string;
  /** What the user confirms before "Continue anyway" becomes available. */
  acknowledge: string;
}

/** The red warning of a blocked pre-sign card, in a borrower's words; null when the card does not block. */
export function blockWords(preview: AavePresignPreview): BlockWords | null {
  const after = preview.healthFactor.after;
  if (preview.block === null || after === null || after === "unknown") return null;
  const noun = nouns[preview.action];
  if (preview.block === "liquidatable")
    return {
      title: `This ${noun} would make your position liquidatable`,
      reason: `Health factor after: ${healthFactorFigure(after)}, below 1. Aave refuses it, and if it went through anyone could liquidate your collateral at a loss to you.`,
      acknowledge: "I understand my position could be liquidated",
    };
  // The alert as every screen says it ("1.30"), and the HF with more decimals where two would round up to it.
  const alert = preview.alertThreshold.toFixed(2);
  const below = after < preview.alertThreshold;
  return {
    title: `This ${noun} puts you below your ${alert} alert`,
    reason: `Health factor after: ${below ? formatHealthFactorBelow(after, preview.alertThreshold) : healthFactorFigure(after)}, under the ${alert} you asked Vigil to warn you at. A small price move could make it liquidatable.`,
    acknowledge: "I understand the risk",
  };
}
