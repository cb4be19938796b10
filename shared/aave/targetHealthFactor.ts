import { PERCENTAGE_FACTOR, WAD } from "./constants";
import type { UserAccount } from "./userAccount";

/**
 * How much of one asset to repay, supply or withdraw so the health factor lands on a target, by the
 * Pool's own formula HF = Σ(collateral·LT) / debt in the market's base currency (8 decimals):
 *   repay x:    (C·LT) / (D − x·p)      = target  →  x·p = D − C·LT / target
 *   supply x:   (C·LT + x·p·LTₐ) / D    = target  →  x·p = (target·D − C·LT) / LTₐ
 *   withdraw x: (C·LT − x·p·LTₐ) / D    = target  →  x·p = (C·LT − target·D) / LTₐ
 * Amounts round towards safety (repay/supply up, withdraw down) and a margin (basis points) covers the
 * interest that accrues between this read and the transaction's block.
 */

export interface AssetTerms {
  /** Price of one whole token in base currency (8 decimals), as the oracle reports it. */
  price: bigint;
  decimals: number;
  /** The asset's liquidation threshold as collateral, basis points (0 = not collateral). */
  liquidationThreshold: bigint;
}

/** Default safety margin: 0.2 %. */
export const TARGET_MARGIN_BPS = 20n;

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/** Σ collateral·LT in base currency (what percentMul(totalCollateral, avgLT) gives on-chain). */
function weightedCollateral(
  account: Pick<UserAccount, "totalCollateralBase" | "currentLiquidationThreshold">,
) {
  return (account.totalCollateralBase * account.currentLiquidationThreshold) / PERCENTAGE_FACTOR;
}

function baseToTokens(base: bigint, asset: AssetTerms, roundUp: boolean): bigint {
  const scaled = base * 10n ** BigInt(asset.decimals);
  return roundUp ? ceilDiv(scaled, asset.price) : scaled / asset.price;
}

function withMargin(amount: bigint, marginBps: bigint, up: boolean): bigint {
  const delta = (amount * marginBps) / PERCENTAGE_FACTOR;
  return up ? amount + delta : amount - delta;
}

type AccountTotals = Pick<
  UserAccount,
  "totalCollateralBase" | "currentLiquidationThreshold" | "totalDebtBase"
>;

/** Token units of debt to repay so HF ≥ target; 0 when it already is (or there is no debt). */
export function repayForHealthFactor(
  account: AccountTotals,
  asset: AssetTerms,
  targetWad: bigint,
  marginBps = TARGET_MARGIN_BPS,
): bigint {
  if (account.totalDebtBase === 0n || asset.price === 0n) return 0n;
  const allowedDebt = (weightedCollateral(account) * WAD) / targetWad;
  if (allowedDebt >= account.totalDebtBase) return 0n;
  return withMargin(baseToTokens(account.totalDebtBase - allowedDebt, asset, true), marginBps, true);
}

/** Token units of collateral to supply so HF ≥ target; null when the asset cannot raise HF (LT 0). */
export function supplyForHealthFactor(
  account: AccountTotals,
  asset: AssetTerms,
  targetWad: bigint,
  marginBps = TARGET_MARGIN_BPS,
): bigint | null {
  if (account.totalDebtBase === 0n) return 0n;
  if (asset.liquidationThreshold === 0n || asset.price === 0n) return null;
  const needed = (targetWad * account.totalDebtBase) / WAD;
  const have = weightedCollateral(account);
  if (have >= needed) return 0n;
  const base = ceilDiv((needed - have) * PERCENTAGE_FACTOR, asset.liquidationThreshold);
  return withMargin(baseToTokens(base, asset, true), marginBps, true);
}

/** The most collateral that can be withdrawn while HF stays ≥ target (unbounded by the balance: caller caps). */
export function maxWithdrawForHealthFactor(
  account: AccountTotals,
  asset: AssetTerms,
  targetWad: bigint,
  marginBps = TARGET_MARGIN_BPS,
): bigint | "unlimited" {
  if (account.totalDebtBase === 0n || asset.liquidationThreshold === 0n) return "unlimited";
  if (asset.price === 0n) return 0n;
  const needed = (targetWad * account.totalDebtBase) / WAD;
  const have = weightedCollateral(account);
  if (have <= needed) return 0n;
  const base = ((have - needed) * PERCENTAGE_FACTOR) / asset.liquidationThreshold;
  const amount = withMargin(baseToTokens(base, asset, false), marginBps, false);
  return amount > 0n ? amount : 0n;
}

/**
 * The health factor (wad) after a change to one asset: `collateralDelta` / `debtDelta` in token units,
 * positive adds. Collateral counts only when the asset is collateral. MAX when no debt remains.
 */
export function healthFactorAfter(
  account: AccountTotals,
  asset: AssetTerms,
  change: { collateralDelta?: bigint; debtDelta?: bigint },
): bigint | null {
  const toBase = (units: bigint) => (units * asset.price) / 10n ** BigInt(asset.decimals);
  const weighted =
    weightedCollateral(account) +
    (toBase(change.collateralDelta ?? 0n) * asset.liquidationThreshold) / PERCENTAGE_FACTOR;
  const debt = account.totalDebtBase + toBase(change.debtDelta ?? 0n);
  if (debt <= 0n) return null;
  return weighted <= 0n ? 0n : (weighted * WAD) / debt;
}
