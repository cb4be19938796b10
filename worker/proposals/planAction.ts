import type { Address } from "viem";
import { baseToUsd, computeUserAccount, reserveTermsFor, type UserAccount } from "../../shared/aave";
import {
  type AssetTerms,
  healthFactorAfter,
  maxWithdrawForHealthFactor,
  repayForHealthFactor,
  supplyForHealthFactor,
} from "../../shared/aave/targetHealthFactor";
import type { TokenConfig } from "../../shared/chains/types";
import type { Action, Guards } from "../../shared/schemas/rules";
import { formatUsd } from "../../shared/words/money";
import type { AaveMarketSnapshot, AaveUserSnapshot } from "../defi/aave/snapshots";
import { type ActionPlan, formatTokenAmount } from "../transactionSteps";

/** A rebalance never withdraws collateral below this health factor (it would trade safety for yield). */
export const REBALANCE_MIN_HEALTH_FACTOR = 1.5;

export type PlannedAction =
  | {
      ok: true;
      plan: ActionPlan;
      amountUsd: number;
      healthFactorBefore: number | null;
      healthFactorAfter: number | null;
      /** What the target health factor takes (repay, supply), before the wallet balance and max amount bound it. */
      needed: bigint | null;
      /** USD change per asset symbol, for the risk after (+ adds collateral, − removes; debt likewise). */
      change: { symbol: string; collateralUsd: number; debtUsd: number };
      /**
       * Why the amount stops short of the target health factor (the wallet, the rule's max amount) and what would
       * reach it, in the user's words; null when it reaches the target (or there is no target).
       */
      shortOfTarget: string | null;
    }
  | {
      ok: false;
      reason: string;
      /** What the user can do so the rule acts next time, in their words ("put 2,535 USDC in your wallet"). */
      fix?: string;
      /** The position already is where the action would take it: nothing to do, nothing to tell. */
      settled?: true;
    };

const alreadyThere = (target: number): PlannedAction => ({
  ok: false,
  reason: `health factor is already at ${target} or above`,
  settled: true,
});

export const toWad = (value: number) => BigInt(Math.round(value * 10_000)) * 10n ** 14n;
/** US dollars → the market's base currency units (USD, 8 decimals). Finite for every amount a rule may hold. */
export const usdToBase = (usd: number) => BigInt(Math.floor(usd * 1e8));
export const fromWad = (wad: bigint | null) => (wad === null ? null : Number(wad) / 1e18);
// biome-ignore lint/complexity/useMathMinMax: bigints; Math.min would throw
const minBig = (...values: bigint[]) => values.reduce((a, b) => (b < a ? b : a));

/**
 * Why supplying this asset would not count as collateral, or null when it will. The Pool counts an asset only
 * while the user has it enabled as collateral. An existing supply keeps its flag (supplying more never turns it
 * on); a first supply is turned on automatically only as ValidationLogic.validateAutomaticUseAsCollateral
 * (Aave V3.0.2) allows: the asset has an LTV, is not isolated (no debt ceiling), and the user has no collateral
 * yet or is not in isolation mode.
 */
export function supplyWouldNotCount(
  symbol: string,
  account: Pick<UserAccount, "totalCollateralBase" | "isolationMode">,
  reserve: Pick<AaveMarketSnapshot["reserves"][number], "baseLTVasCollateral" | "debtCeiling">,
  position: Pick<UserAccount["positions"][number], "supplied" | "usedAsCollateral"> | undefined,
): string | null {
  if (position && position.supplied > 0n) {
    return position.usedAsCollateral
      ? null
      : `your ${symbol} on Aave is not used as collateral: supplying more would not raise your health factor (turn it on as collateral first)`;
  }
  if (reserve.baseLTVasCollateral === 0n)
    return `Aave does not turn ${symbol} on as collateral when it is supplied (its LTV is 0)`;
  if (reserve.debtCeiling !== 0n)
    return `${symbol} is an isolated asset on Aave: a supply does not turn it on as collateral by itself`;
  if (account.totalCollateralBase !== 0n && account.isolationMode)
    return `your account is in Aave's isolation mode: a new ${symbol} supply would not count as collateral`;
  return null;
}

/** The token's reserve and its terms for this user (their e-mode's where it applies, as the health factor counts them). */
export function assetTermsOf(
  market: AaveMarketSnapshot,
  account: Pick<UserAccount, "userEModeCategoryId">,
  token: Pick<TokenConfig, "address">,
): { reserve: AaveMarketSnapshot["reserves"][number]; terms: AssetTerms } | null {
  const reserve = market.reserves.find(
    (r) => r.underlyingAsset.toLowerCase() === token.address.toLowerCase(),
  );
  if (!reserve) return null;
  const userTerms = reserveTermsFor(reserve, account.userEModeCategoryId);
  return {
    reserve,
    terms: {
      price: userTerms.price,
      decimals: Number(reserve.decimals),
      liquidationThreshold: userTerms.liquidationThreshold,
    },
  };
}

export function userAccountOf(market: AaveMarketSnapshot, user: AaveUserSnapshot): UserAccount {
  return computeUserAccount({
    reserves: market.reserves,
    userReserves: user.userReserves,
    userEModeCategoryId: user.userEModeCategoryId,
    // biome-ignore lint/complexity/useMathMinMax: bigints
    now: user.blockTimestamp > market.blockTimestamp ? user.blockTimestamp : market.blockTimestamp,
  });
}

/**
 * How much the rule's action moves, bounded by the position (debt, supplied balance), the wallet balance and
 * the rule's max amount, with the health factor before and after by the Pool's formula.
 */
export function planAction(input: {
  action: Exclude<Action, { type: "notify" }>;
  token: TokenConfig;
  market: AaveMarketSnapshot;
  account: UserAccount;
  walletBalance: bigint;
  guards: Guards;
  user: Address;
}): PlannedAction {
  const { action, token, market, account, walletBalance, guards } = input;
  const found = assetTermsOf(market, account, token);
  if (!found)
    return { ok: false, reason: `${token.symbol} is not an Aave reserve on chain ${action.chainId}` };
  const { reserve, terms } = found;
  const unit = 10n ** BigInt(terms.decimals);
  const toUsd = (units: bigint) => baseToUsd((units * terms.price) / unit, market.baseCurrency);
  const maxByUsd =
    guards.maxAmountUsd === undefined || terms.price === 0n
      ? null
      : (usdToBase(guards.maxAmountUsd) * unit) / terms.price;
  const capByUsd = (amount: bigint) => (maxByUsd === null ? amount : minBig(amount, maxByUsd));
  const position = account.positions.find(
    (p) => p.underlyingAsset.toLowerCase() === token.address.toLowerCase(),
  );
  const before = account.totalDebtBase === 0n ? null : fromWad(account.healthFactor);
  const symbol = token.symbol;

  let amount: bigint;
  let needed: bigint | null = null;
  let change: { collateralDelta?: bigint; debtDelta?: bigint };
  switch (action.type) {
    case "repay": {
      const debt = (position?.variableDebt ?? 0n) + (position?.stableDebt ?? 0n);
      if (debt === 0n) return { ok: false, reason: `you have no ${symbol} debt on Aave to repay` };
      needed = repayForHealthFactor(account, terms, toWad(action.targetHealthFactor));
      if (needed === 0n) return alreadyThere(action.targetHealthFactor);
      if (walletBalance === 0n)
        return {
          ok: false,
          reason: `your wallet holds no ${symbol} to repay with`,
          fix: `put ${formatTokenAmount(minBig(needed, debt), token)} in your wallet to reach health factor ${action.targetHealthFactor}, or supply more collateral`,
        };
      amount = capByUsd(minBig(needed, debt, walletBalance));
      change = { debtDelta: -amount };
      break;
    }
    case "supply_collateral": {
      needed = supplyForHealthFactor(account, terms, toWad(action.targetHealthFactor));
      if (needed === null)
        return {
          ok: false,
          reason: `${symbol} cannot be used as collateral on Aave`,
          fix: "supply an asset Aave counts as collateral instead",
        };
      // Supplying only raises HF if the Pool counts the asset as collateral, and Pool.supply never switches that
      // on for an asset the user already supplies: without this check the proposal promised an HF it cannot reach.
      const refused = supplyWouldNotCount(symbol, account, reserve, position);
      if (refused) return { ok: false, reason: refused };
      if (needed === 0n) return alreadyThere(action.targetHealthFactor);
      if (walletBalance === 0n)
        return {
          ok: false,
          reason: `your wallet holds no ${symbol} to supply`,
          fix: `put ${formatTokenAmount(needed, token)} in your wallet to reach health factor ${action.targetHealthFactor}, or repay some debt`,
        };
      amount = capByUsd(minBig(needed, walletBalance));
      change = { collateralDelta: amount };
      break;
    }
    case "rebalance": {
      const supplied = position?.supplied ?? 0n;
      if (supplied === 0n) return { ok: false, reason: `you have no ${symbol} supplied on Aave to restake` };
      const counts = position?.usedAsCollateral ?? false;
      const safe = counts
        ? maxWithdrawForHealthFactor(account, terms, toWad(REBALANCE_MIN_HEALTH_FACTOR))
        : "unlimited";
      amount = capByUsd(safe === "unlimited" ? supplied : minBig(supplied, safe));
      if (amount === 0n) {
        return {
          ok: false,
          reason: `withdrawing ${symbol} would take the health factor below ${REBALANCE_MIN_HEALTH_FACTOR}`,
        };
      }
      change = counts ? { collateralDelta: -amount } : {};
      break;
    }
  }
  if (amount <= 0n)
    return {
      ok: false,
      reason: `the rule's max amount allows no ${symbol} to move`,
      fix: "raise the rule's max amount",
    };
  const after = account.totalDebtBase === 0n ? null : fromWad(healthFactorAfter(account, terms, change));
  const usd = toUsd(amount);
  let shortOfTarget: string | null = null;
  if (needed !== null && amount < needed && after !== null && "targetHealthFactor" in action) {
    // A repay bounded by the whole debt reaches no target only when nothing is left to repay: not short.
    const reaches = `so this brings the health factor to ${after.toFixed(2)}, not ${action.targetHealthFactor}`;
    if (maxByUsd !== null && amount === maxByUsd && maxByUsd < walletBalance)
      shortOfTarget = `the rule's max amount (${formatUsd(guards.maxAmountUsd ?? 0)}) allows ${formatTokenAmount(amount, token)}, ${reaches}: raise the max amount to reach it`;
    else if (amount === walletBalance)
      shortOfTarget = `your wallet holds only ${formatTokenAmount(walletBalance, token)}, ${reaches}: put ${formatTokenAmount(needed - amount, token)} more in your wallet to reach it`;
  }
  return {
    ok: true,
    plan: { action: action.type, token, amount },
    amountUsd: usd,
    healthFactorBefore: before,
    healthFactorAfter: after,
    needed,
    change: {
      symbol,
      collateralUsd: change.collateralDelta === undefined ? 0 : change.collateralDelta > 0n ? usd : -usd,
      debtUsd: change.debtDelta === undefined ? 0 : -usd,
    },
    shortOfTarget,
  };
}
