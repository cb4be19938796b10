import type { AavePresignPreview } from "../lib/messages/presignPreview";
import { formatAmount, formatProbability, formatUsd } from "../ui/format";

/** "12 % (elevated)": the same probability words as the popup and the approval page. */
export const riskText = (risk: AavePresignPreview["risk"]["before"]): string =>
  risk === null ? "—" : `${formatProbability(risk.probability)} (${risk.band})`;

/** "7,322.7425 DAI ($7,322.74)": the one token-amount and money format every screen uses. */
export const amountText = (p: Pick<AavePresignPreview, "amount" | "symbol" | "amountUsd">): string =>
  p.amount === null || p.symbol === null
    ? "an amount Vigil cannot price"
    : `${formatAmount(p.amount)} ${p.symbol}${p.amountUsd === null ? "" : ` (${formatUsd(p.amountUsd)})`}`;
