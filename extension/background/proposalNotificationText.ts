import type { Transaction } from "../../shared/schemas/transactions";
import { formatHealthFactor } from "../../shared/words/healthFactorText";
import { formatUsd } from "../ui/format";

/**
 * The body of a proposal's notification: what it does to the health factor first ("HF 1.12 → 1.50"), since
 * that is why a borrower would sign, then what is signed and what it costs at most.
 */
export function proposalNotificationText(transaction: Transaction): string {
  const parts: string[] = [];
  const preview = transaction.preview;
  const { before, after } = preview?.healthFactor ?? { before: null, after: null };
  if (before !== null || after !== null)
    parts.push(`HF ${formatHealthFactor(before)} → ${formatHealthFactor(after)}`);
  const steps = transaction.steps.map((step) => step.description).join(", then ");
  if (steps) parts.push(steps);
  if (preview) parts.push(`network fee at most ${formatUsd(preview.gas.costUsd)}`);
  return parts.length > 0 ? parts.join(" · ") : "Review it in Vigil.";
}
