import { type Address, erc20Abi } from "viem";
import { baseToUsd } from "../../../../shared/aave";
import { findToken } from "../../../../shared/chains";
import { allowlistFor } from "../../../../shared/chains/allowlist";
import type { ChainConfig, TokenConfig } from "../../../../shared/chains/types";
import type { Portfolio } from "../../../../shared/schemas/portfolio";
import type { Action, Guards } from "../../../../shared/schemas/rules";
import type { TransactionPreview } from "../../../../shared/schemas/transactions";
import { unwrapOutcome } from "../../../chain/upstreamOutcome";
import { readAaveUser } from "../../../defi/aave/readAave";
import {
  buildPreview,
  type PlannedAction,
  planAction,
  riskCaveat,
  riskOf,
  userAccountOf,
} from "../../../proposals";
import { type PrepareResult, prepareSteps } from "../../../transactionSteps";
import type { AutomationHost } from "./host";

export type BuiltProposal =
  | {
      ok: true;
      chain: ChainConfig;
      token: TokenConfig;
      planned: Extract<PlannedAction, { ok: true }>;
      prepared: Extract<PrepareResult, { ok: true }>;
      preview: TransactionPreview;
      /** The user's transaction count before the proposal: its steps' transactions have this nonce or higher. */
      minNonce: number;
    }
  /**
   * `stage` says where it stopped: the chain/asset is not served, the plan is impossible, or the steps failed;
   * `fix` what the user can do about it, `settled` that there was nothing to do (planAction).
   */
  | {
      ok: false;
      stage: "not_served" | "plan" | "prepare";
      reason: string;
      fix?: string;
      settled?: true;
    };

/**
 * What a rule's proposal and a rescue share: read the market, the user's Aave account and wallet balance, size
 * the action (planAction), build + check + simulate + price its steps (prepareSteps) and the preview the approval
 * page shows. Writes nothing; RPC failures throw (typed upstream errors).
 */
export async function buildProposal(
  host: Pick<AutomationHost, "chains" | "client" | "aaveMarket" | "priceHistory">,
  input: {
    action: Exclude<Action, { type: "notify" }>;
    owner: Address;
    guards: Guards;
    portfolio: Portfolio;
    /** Why the proposal exists, shown on the approval page. */
    reason: string;
    now: number;
  },
): Promise<BuiltProposal> {
  const { action, owner } = input;
  const chain = host.chains().find((c) => c.chainId === action.chainId);
  const token = chain ? findToken(chain, action.asset) : undefined;
  if (!chain?.aave || !token)
    return {
      ok: false,
      stage: "not_served",
      reason: `${action.asset} on chain ${action.chainId} is not served here`,
    };
  const client = host.client(chain.chainId);
  const market = unwrapOutcome(await host.aaveMarket(chain.chainId)).value;
  const [user, walletBalance, minNonce] = await Promise.all([
    readAaveUser({ client, chainId: chain.chainId, market: chain.aave, user: owner }),
    client.readContract({ address: token.address, abi: erc20Abi, functionName: "balanceOf", args: [owner] }),
    // Mined transactions only ("latest"): a step the user sends later has a nonce at least this.
    client.getTransactionCount({ address: owner, blockTag: "latest" }),
  ]);
  const planned = planAction({
    action,
    token,
    market,
    account: userAccountOf(market, user),
    walletBalance,
    guards: input.guards,
    user: owner,
  });
  if (!planned.ok) {
    const { reason, fix, settled } = planned;
    return { ok: false, stage: "plan", reason, ...(fix ? { fix } : {}), ...(settled ? { settled } : {}) };
  }
  const weth = findToken(chain, "WETH");
  const ethReserve = market.reserves.find(
    (r) => r.underlyingAsset.toLowerCase() === weth?.address.toLowerCase(),
  );
  const ethUsd = ethReserve ? baseToUsd(ethReserve.priceInMarketReferenceCurrency, market.baseCurrency) : 0;
  const prepared = await prepareSteps({
    client,
    allowlist: allowlistFor(chain),
    user: owner,
    plan: planned.plan,
    ethUsd,
  });
  if (!prepared.ok) {
    const { reason, fix } = prepared;
    return { ok: false, stage: "prepare", reason, ...(fix ? { fix } : {}) };
  }
  const account = input.portfolio.aave.find((a) => a.chainId === chain.chainId);
  const history = await host.priceHistory(chain.chainId);
  const [before, after] = await Promise.all([
    riskOf(account, "24h", history),
    riskOf(account, "24h", history, { ...planned.change, healthFactor: planned.healthFactorAfter }),
  ]);
  const preview = buildPreview({
    planned,
    prepared,
    token,
    // A proposal that cannot reach the rule's target says so where the user decides (the approval page).
    reason: planned.shortOfTarget ? `${input.reason}; ${planned.shortOfTarget}` : input.reason,
    risk: { before, after, caveat: riskCaveat(account, history, input.portfolio.asOf) },
    now: input.now,
  });
  return { ok: true, chain, token, planned, prepared, preview, minNonce };
}
