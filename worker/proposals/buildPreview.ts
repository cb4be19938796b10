import type { TokenConfig } from "../../shared/chains/types";
import type { TransactionPreview } from "../../shared/schemas/transactions";
import { formatTokenAmount } from "../../shared/words/tokenAmount";
import type { PrepareResult } from "../transactionSteps";
import type { PlannedAction } from "./planAction";

export interface PreviewInput {
  planned: Extract<PlannedAction, { ok: true }>;
  prepared: Extract<PrepareResult, { ok: true }>;
  token: TokenConfig;
  /** Why the rule fired, in the trigger's words. */
  reason: string;
  /**
   * The 24 h liquidation probability before and after the action (null: the model could not say), and what those
   * numbers cannot see (riskCaveat: a price history that stopped), null when nothing.
   */
  risk: { before: number | null; after: number | null; caveat?: string | null };
  now: number;
}

/** Pure: what the approval page shows about a proposal, from the plan, its simulation and gas quote. */
export function buildPreview(input: PreviewInput): TransactionPreview {
  const { planned, prepared, token } = input;
  return {
    action: planned.plan.action,
    reason: input.reason,
    asset: token.symbol,
    amount: Number(planned.plan.amount) / 10 ** token.decimals,
    amountRaw: String(planned.plan.amount),
    amountUsd: planned.amountUsd,
    gas: {
      gasLimit: String(prepared.gas.gasLimit),
      maxFeePerGas: String(prepared.gas.maxFeePerGas),
      maxPriorityFeePerGas: String(prepared.gas.maxPriorityFeePerGas),
      costEth: prepared.gas.costEth,
      costUsd: prepared.gas.costUsd,
    },
    healthFactor: { before: planned.healthFactorBefore, after: planned.healthFactorAfter },
    risk: {
      horizon: "24h",
      before: input.risk.before,
      after: input.risk.after,
      ...(input.risk.caveat ? { note: input.risk.caveat } : {}),
    },
    simulation: {
      ok: true,
      blockNumber: String(prepared.simulation.blockNumber),
      simulatedAt: new Date(input.now).toISOString(),
      gasUsed: prepared.simulation.gasUsed.map(String),
    },
  };
}

/** Pure: the proposal's one-line title, e.g. "Repay 1,234.5 DAI on Aave". */
export function proposalTitle(preview: Pick<TransactionPreview, "action" | "amount" | "asset">): string {
  const amount = `${formatTokenAmount(preview.amount)} ${preview.asset}`;
  switch (preview.action) {
    case "rebalance":
      return `Restake ${amount} from Aave in EigenLayer`;
    case "repay":
      return `Repay ${amount} on Aave`;
    case "supply_collateral":
      return `Supply ${amount} to Aave as collateral`;
  }
}

/** Pure: the title of the notification that a proposal's transactions were confirmed on-chain. */
export function doneTitle(preview: Pick<TransactionPreview, "action"> | null): string {
  if (!preview) return "Transaction confirmed";
  switch (preview.action) {
    case "rebalance":
      return "Rebalancing complete";
    case "repay":
      return "Repayment complete";
    case "supply_collateral":
      return "Collateral supplied";
  }
}
