import type { Address } from "viem";
import type { RescueRequest } from "../../../../shared/schemas/rescue";
import { DEFAULT_GUARDS, type Guards } from "../../../../shared/schemas/rules";
import type { Transaction } from "../../../../shared/schemas/transactions";
import { RPC_RETRY_AFTER_SECONDS } from "../../../chain/client";
import { captureUpstream, type UpstreamFailure } from "../../../chain/upstreamOutcome";
import { proposalTitle } from "../../../proposals";
import { formatTokenAmount } from "../../../transactionSteps";
import { TransactionsCapability } from "../transactions";
import { buildProposal } from "./buildProposal";
import type { AutomationHost } from "./host";

export type RescueResult =
  | { ok: true; transaction: Transaction; created: boolean }
  /** The plan is impossible (no debt, no wallet balance, not enough of it…): `message` says what is missing. */
  | { ok: false; reason: "unprocessable"; message: string; data?: Record<string, unknown> }
  | { ok: false; reason: "upstream"; failure: UpstreamFailure };

/** A rescue is the user's own request: no amount cap; it expires like a rule's default proposal. */
const RESCUE_GUARDS: Guards = { ...DEFAULT_GUARDS };
/** A plan that ends further than this below the target does not restore it (the wallet ran short). */
const TARGET_TOLERANCE = 0.005;

/** One open rescue per (chain, action, asset): the key of its proposal. */
export const rescueKey = (request: Pick<RescueRequest, "chainId" | "action" | "asset">) =>
  `rescue:${request.chainId}:${request.action}:${request.asset.toUpperCase()}`;

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

const isOpen = (transaction: Transaction) =>
  (TransactionsCapability.OPEN_STATUSES as readonly string[]).includes(transaction.status);

/**
 * The popup's way out of a risky position: a repay or supply sized to the target health factor, built, checked,
 * simulated and priced exactly as a rule's proposal (buildProposal), stored pending approval with no rule. While
 * one is open for the same chain, action and asset, asking again returns it.
 */
export async function proposeRescue(
  host: AutomationHost,
  request: RescueRequest,
  owner: Address,
  now: number,
): Promise<RescueResult> {
  const key = rescueKey(request);
  const open = host.transactions.withKey(key);
  if (open && isOpen(open)) return { ok: true, transaction: open, created: false };

  const portfolio = await host.portfolio(owner);
  if (!portfolio.ok) return { ok: false, reason: "upstream", failure: portfolio.failure };
  const chainStatus = portfolio.value.chains?.find((c) => c.chainId === request.chainId);
  if (chainStatus?.status === "unavailable") {
    return {
      ok: false,
      reason: "upstream",
      failure: {
        kind: "unavailable",
        message: `Chain ${request.chainId} is not answering right now`,
        retryAfterSeconds: RPC_RETRY_AFTER_SECONDS,
      },
    };
  }
  const target = request.targetHealthFactor;
  const action =
    request.action === "repay"
      ? { type: "repay" as const, chainId: request.chainId, asset: request.asset, targetHealthFactor: target }
      : {
          type: "supply_collateral" as const,
          chainId: request.chainId,
          asset: request.asset,
          targetHealthFactor: target,
        };
  const built = await captureUpstream("Preparing the rescue", () =>
    buildProposal(host, {
      action,
      owner,
      guards: RESCUE_GUARDS,
      portfolio: portfolio.value,
      reason: `You asked to bring your health factor back to ${target}`,
      now,
    }),
  );
  if (!built.ok) return { ok: false, reason: "upstream", failure: built.failure };
  const proposal = built.value;
  if (!proposal.ok) {
    // What to try, where the plan knows it (the wallet's side: how much to put in it, or the other way out). A
    // failure later on (a simulation revert) speaks of the rule that would try again: a rescue has none.
    const fix = proposal.stage === "plan" && proposal.fix ? ` ${sentence(proposal.fix)}` : "";
    return { ok: false, reason: "unprocessable", message: `${sentence(proposal.reason)}${fix}` };
  }
  const { planned, token, prepared, chain } = proposal;
  const after = planned.healthFactorAfter;
  if (planned.needed !== null && after !== null && after < target - TARGET_TOLERANCE) {
    const missing = planned.needed - planned.plan.amount;
    return {
      ok: false,
      reason: "unprocessable",
      message:
        `Your wallet holds ${formatTokenAmount(planned.plan.amount, token)}: ${formatTokenAmount(missing, token)} ` +
        `more is needed to bring the health factor to ${target} (this amount reaches ${after.toFixed(2)}).`,
      data: {
        reason: "insufficient_balance",
        asset: token.symbol,
        missingRaw: String(missing),
        neededRaw: String(planned.needed),
        healthFactorAfter: after,
      },
    };
  }
  // From here on no await: the proposal and its outbox entry commit together, and a concurrent request for the
  // same rescue finds this one.
  const again = host.transactions.withKey(key);
  if (again && isOpen(again)) return { ok: true, transaction: again, created: false };
  // A rescue that ended (confirmed, rejected, expired…) frees its key for the next one.
  if (again) host.transactions.releaseKey(again.id);
  const { transaction, created } = host.transactions.propose({
    ruleId: null,
    chainId: chain.chainId,
    title: proposalTitle(proposal.preview),
    steps: prepared.steps,
    expiresAt: now + RESCUE_GUARDS.proposalExpirySeconds * 1000,
    preview: proposal.preview,
    idempotencyKey: key,
    minNonce: proposal.minNonce,
  });
  if (created) void host.notify("tx_proposal", { transaction });
  return { ok: true, transaction, created };
}
