import { formatEther } from "viem";
import type { Transaction, TransactionPreview } from "../../shared/schemas/transactions";
import { contractLabel } from "../ui/contractName";
import { chainLabel, formatAmount, formatHealthFactor, formatProbability, formatUsd } from "../ui/format";

type Step = Transaction["steps"][number];

/** "to Aave Pool (0x3246…aA08) · Local devnet · sends 0.5 ETH": the contract by name, amounts formatted once. */
export function stepDetails(step: Step): string {
  const parts = [`to ${contractLabel(step.chainId, step.to)}`, chainLabel(step.chainId)];
  if (step.value !== "0") parts.push(`sends ${formatAmount(Number(formatEther(BigInt(step.value))))} ETH`);
  return parts.join(" · ");
}

/** The network fee as money first ("$1.26"), its ETH amount second, both from the preview's estimate and price. */
export function networkFee(gas: TransactionPreview["gas"]): { usd: string; eth: string } {
  return { usd: formatUsd(gas.costUsd), eth: `${formatAmount(gas.costEth)} ETH` };
}

/**
 * Whether an answer about the proposal should replace the one on screen: the newer one wins, so a late reply
 * (the "submitted" answer to our own report) cannot pull a page already showing "Confirmed" back.
 */
export function isNewerProposal(current: Transaction | null, next: Transaction): boolean {
  if (!current || current.id !== next.id) return true;
  return Date.parse(next.updatedAt) >= Date.parse(current.updatedAt);
}

/**
 * Under the chain's figures read as the page opened or the wallet did (`recheck`), what the proposal was worked out with (when it
 * reads differently), and a warning when signing now would leave the position liquidatable: the market may have
 * moved since the rule fired.
 */
export function recheckWords(
  preview: TransactionPreview,
): { workedOut: string | null; riskWorkedOut: string | null; warning: string | null } | null {
  const { recheck, healthFactor, risk } = preview;
  if (!recheck) return null;
  const hf = (pair: TransactionPreview["healthFactor"]) =>
    `${formatHealthFactor(pair.before)} → ${formatHealthFactor(pair.after)}`;
  // Said only when the market moved enough to change what is shown.
  const workedOut =
    hf(healthFactor) === hf(recheck.healthFactor) ? null : `Worked out at HF ${hf(healthFactor)}.`;
  const odds = (pair: { before: number | null; after: number | null }) =>
    `${pair.before === null ? "—" : formatProbability(pair.before)} → ${pair.after === null ? "—" : formatProbability(pair.after)}`;
  const riskWorkedOut =
    !recheck.risk || odds(risk) === odds(recheck.risk) ? null : `Forecast when worked out: ${odds(risk)}.`;
  const after = recheck.healthFactor.after;
  const warning =
    after !== null && after < 1
      ? `Signed now, this leaves the health factor at ${after.toFixed(2)}: still liquidatable. The market moved since it was worked out.`
      : null;
  return { workedOut, riskWorkedOut, warning };
}
