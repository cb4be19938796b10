import { healthFactorIfSignedNow } from "../../shared/aave/actionOutcome";
import type { AaveAccount } from "../../shared/schemas/portfolio";
import type { Transaction } from "../../shared/schemas/transactions";
import { LIQUIDATION_HEALTH_FACTOR } from "../../shared/words/healthFactorText";
import { formatHealthFactor } from "./format";

/** A proposal the rescue card replaces: worked out before the position could be liquidated, on a chain where it can now. */
export interface SupersededProposal {
  proposal: Transaction;
  /** The HF its figures were worked out at (null: not said). */
  workedOutAt: number | null;
  /** What signing it now would leave, on today's figures (null: cannot be told here). */
  ifSignedNow: number | null;
}

type Account = Pick<AaveAccount, "chainId" | "healthFactor" | "totalDebtUsd" | "supplies" | "borrows">;

/**
 * Below HF 1 one thing is offered: the rescue, sized on the position as it is now. A proposal worked out while
 * the position was still above 1 (a repay sized at HF 1.05) answers another question; it is folded under the
 * rescue, with what it would do now. One worked out below 1 (the rescue's own) stays the thing to sign.
 */
export function supersededProposal(
  proposal: Transaction,
  account: Account | null,
): SupersededProposal | null {
  const now = account?.healthFactor ?? null;
  if (!account || now === null || now >= LIQUIDATION_HEALTH_FACTOR) return null;
  const workedOutAt = proposal.preview?.healthFactor.before ?? null;
  if (workedOutAt !== null && workedOutAt < LIQUIDATION_HEALTH_FACTOR) return null;
  return {
    proposal,
    workedOutAt,
    ifSignedNow: proposal.preview ? healthFactorIfSignedNow(account, proposal.preview) : null,
  };
}

/**
 * An estimated health factor: below 1 its figure, rounded down ("0.98", where a measured one says
 * "Liquidatable"), since how far below 1 is the point; "no debt" past repaying it all.
 */
export function formatEstimatedHealthFactor(healthFactor: number): string {
  if (healthFactor === Number.POSITIVE_INFINITY) return "no debt";
  if (healthFactor < LIQUIDATION_HEALTH_FACTOR) return (Math.floor(healthFactor * 100) / 100).toFixed(2);
  return formatHealthFactor(healthFactor);
}

/** Each pending proposal the rescue on its chain replaces. */
export function supersededProposals(
  pending: readonly Transaction[],
  accounts: readonly Account[],
): SupersededProposal[] {
  return pending.flatMap((proposal) => {
    const found = supersededProposal(proposal, accounts.find((a) => a.chainId === proposal.chainId) ?? null);
    return found ? [found] : [];
  });
}

/**
 * "“Repay 300 DAI on Aave” was worked out at HF 1.05, before your position became liquidatable. Signed now it
 * would leave HF about 0.99: still liquidatable." What the earlier proposal was, and what it would do now.
 */
export function supersededWords(
  { proposal, workedOutAt, ifSignedNow }: SupersededProposal,
  /** false under the proposal's own title (the Approvals card): "It was worked out …". */
  named = true,
): string {
  const then = workedOutAt === null ? "earlier" : `at HF ${formatHealthFactor(workedOutAt)}`;
  const now =
    ifSignedNow === null
      ? "What it would do now cannot be told from here."
      : ifSignedNow < LIQUIDATION_HEALTH_FACTOR
        ? `Signed now it would leave HF about ${formatEstimatedHealthFactor(ifSignedNow)}: still liquidatable.`
        : ifSignedNow === Number.POSITIVE_INFINITY
          ? "Signed now it would repay all your debt."
          : `Signed now it would bring HF to about ${formatHealthFactor(ifSignedNow)}.`;
  return `${named ? `“${proposal.title}”` : "It"} was worked out ${then}, before your position became liquidatable. ${now}`;
}
