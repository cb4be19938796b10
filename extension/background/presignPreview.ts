import { decodeFunctionData, getAddress, type Hex, isAddressEqual } from "viem";
import type { z } from "zod";
import { WAD } from "../../shared/aave/constants";
import { healthFactorAfter } from "../../shared/aave/targetHealthFactor";
import { poolAbi } from "../../shared/abis/pool";
import { forecastPositions } from "../../shared/risk/forecastPositions";
import type { RiskForecastResponse, riskForecastRequestSchema } from "../../shared/schemas/risk";
import type { Portfolio } from "../lib/api/contract";
import type { AavePoolAction, AavePresignPreview, PresignPreview } from "../lib/messages";
import { presignBlock } from "./presignBlock";

type AaveAccount = Portfolio["aave"][number];
/** POST /risk/forecast's body as sent (symbols are checked by the API, which maps them to the model's assets). */
export type RiskForecastRequest = z.input<typeof riskForecastRequestSchema>;

export interface PageTransaction {
  chainId: number;
  from?: string;
  to: string;
  data: string;
}

/** A decoded Pool call the preview understands: which asset, how much (token units; MAX = "all"). */
export interface PoolCall {
  action: AavePoolAction;
  asset: `0x${string}`;
  amount: bigint;
  /** The account whose position changes (onBehalfOf, or the sender for borrow/withdraw). */
  account: `0x${string}` | null;
}

/** Decodes a call to the Aave Pool; null for any other function (or data that does not decode). */
export function decodePoolCall(data: string, from: string | undefined): PoolCall | null {
  let decoded: ReturnType<typeof decodeFunctionData<typeof poolAbi>>;
  try {
    decoded = decodeFunctionData({ abi: poolAbi, data: data as Hex });
  } catch {
    return null;
  }
  const sender = from ? getAddress(from) : null;
  switch (decoded.functionName) {
    case "supply": {
      const [asset, amount, onBehalfOf] = decoded.args;
      return { action: "supply", asset, amount, account: onBehalfOf };
    }
    case "borrow": {
      const [asset, amount, , , onBehalfOf] = decoded.args;
      return { action: "borrow", asset, amount, account: onBehalfOf };
    }
    case "withdraw": {
      const [asset, amount] = decoded.args;
      return { action: "withdraw", asset, amount, account: sender };
    }
    case "repay": {
      const [asset, amount, , onBehalfOf] = decoded.args;
      return { action: "repay", asset, amount, account: onBehalfOf };
    }
    default:
      return null;
  }
}

const toBase = (usd: number) => BigInt(Math.round(usd * 1e8));
const toBps = (fraction: number) => BigInt(Math.round(fraction * 10_000));
const fromWad = (wad: bigint | null) => (wad === null ? null : Number((wad * 10_000n) / WAD) / 10_000);

/** What the call does to one Aave account: the amounts, the HF after (shared Aave math) and positions after. */
export function applyPoolCall(
  account: AaveAccount,
  call: PoolCall,
): {
  symbol: string | null;
  amount: number | null;
  amountUsd: number | null;
  /** null: no debt after; "unknown": an asset Vigil has no price for. */
  healthFactorAfter: number | null | "unknown";
  positionsAfter: RiskForecastRequest["positions"] | null;
  note: string | null;
} {
  const supply = account.supplies.find((s) => isAddressEqual(s.asset, call.asset));
  const borrow = account.borrows.find((b) => isAddressEqual(b.asset, call.asset));
  const known = supply ?? borrow;
  if (!known) {
    return {
      symbol: null,
      amount: null,
      amountUsd: null,
      healthFactorAfter: "unknown",
      positionsAfter: null,
      note: "Vigil has no price for this asset in your positions yet, so it cannot tell what this does to your health factor. Check it on the site before you sign.",
    };
  }
  // "Everything" (uint256 max) means the whole balance for withdraw and repay: capping covers it.
  const units =
    call.action === "withdraw"
      ? min(call.amount, BigInt(supply?.amountRaw ?? "0"))
      : call.action === "repay"
        ? min(call.amount, BigInt(borrow?.amountRaw ?? "0"))
        : call.amount;
  const totals = {
    totalCollateralBase: toBase(account.totalCollateralUsd),
    currentLiquidationThreshold: toBps(account.currentLiquidationThreshold),
    totalDebtBase: toBase(account.totalDebtUsd),
  };
  // A first supply of an asset with a liquidation threshold becomes collateral, as the Pool does it.
  const countsAsCollateral = supply ? supply.usedAsCollateral : false;
  const terms = {
    price: toBase(known.priceUsd),
    decimals: known.decimals,
    liquidationThreshold: countsAsCollateral && supply ? toBps(supply.liquidationThreshold) : 0n,
  };
  const change =
    call.action === "supply"
      ? { collateralDelta: units }
      : call.action === "withdraw"
        ? { collateralDelta: -units }
        : call.action === "borrow"
          ? { debtDelta: units }
          : { debtDelta: -units };
  const hfAfter = healthFactorAfter(totals, terms, change);
  const amount = Number(units) / 10 ** known.decimals;
  const deltaUsd = amount * known.priceUsd;
  const sign = call.action === "supply" || call.action === "borrow" ? 1 : -1;

  // A first supply of an asset counts at threshold 0 here, as in the HF above (countsAsCollateral).
  const positionsAfter = forecastPositions(account, {
    symbol: known.symbol,
    collateralUsd: change.collateralDelta !== undefined ? sign * deltaUsd : 0,
    debtUsd: change.debtDelta !== undefined ? sign * deltaUsd : 0,
    newCollateralThreshold: 0,
  });

  return {
    symbol: known.symbol,
    amount,
    amountUsd: deltaUsd,
    healthFactorAfter: fromWad(hfAfter),
    positionsAfter,
    note: null,
  };
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export interface PresignPreviewHost {
  /** The cached portfolio of the signed-in user (the popup's stale-while-revalidate cache). */
  portfolio(): Promise<Portfolio | null>;
  /** POST /risk/forecast; null when the model is unavailable. */
  forecast(request: RiskForecastRequest): Promise<RiskForecastResponse | null>;
  /** The user's alert threshold (the account's, mirrored in settings). */
  alertThreshold(): Promise<number>;
  /** The cached portfolio is not being kept current (the badge's "not updating"). */
  stale(): Promise<boolean>;
}

/** Said on the card when its figures come from a portfolio Vigil cannot refresh right now. */
export const STALE_PREVIEW_NOTE =
  "Vigil cannot update your positions right now: these figures come from the last data it read.";

const HORIZON = "24h" as const;

/**
 * The transaction waits while the preview is worked out, so the risk model gets this long; after it the card
 * shows the health factor (computed here) and "—" for risk. Below the content script's deadline for the answer.
 */
export const PREVIEW_RISK_BUDGET_MS = 1500;

const within = <T>(promise: Promise<T>, ms: number): Promise<T | null> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    void promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
    );
  });

/**
 * The pre-sign preview: a page asked the wallet to send `tx`. If it calls the Aave Pool of the signed-in user's
 * account on that chain, say what it does to their health factor (shared math on the cached portfolio) and
 * their liquidation risk (the API's model), before the wallet is asked.
 */
export function createPresignPreview(host: PresignPreviewHost, riskBudgetMs = PREVIEW_RISK_BUDGET_MS) {
  return async (tx: PageTransaction): Promise<PresignPreview> => {
    const portfolio = await host.portfolio();
    const account = portfolio?.aave.find(
      (a) => a.chainId === tx.chainId && isAddressEqual(a.pool, tx.to as `0x${string}`),
    );
    if (!portfolio || !account) return { kind: "none" };
    const call = decodePoolCall(tx.data, tx.from);
    if (!call) return { kind: "none" };

    const watched = getAddress(portfolio.userAddress);
    const forWatched = call.account === null || isAddressEqual(call.account, watched);
    const effect = forWatched ? applyPoolCall(account, call) : null;
    const before = account.healthFactor;
    const riskOf = async (
      positions: RiskForecastRequest["positions"] | null,
      healthFactor: number | null,
    ): Promise<AavePresignPreview["risk"]["before"]> => {
      if (!positions || positions.supplies.length + positions.borrows.length === 0) return null;
      const forecast = await within(
        host.forecast({
          positions,
          // The model wants a positive HF or null (no debt); 0 after a change is "certainly liquidatable".
          health_factor: healthFactor !== null && healthFactor <= 0 ? 0.0001 : healthFactor,
          horizon: HORIZON,
        }),
        riskBudgetMs,
      );
      return forecast ? { probability: forecast.probability, band: forecast.band } : null;
    };
    const accountPositions = forecastPositions(account);
    const [riskBefore, riskAfter, alertThreshold, stale] = await Promise.all([
      riskOf(accountPositions, before),
      effect && effect.healthFactorAfter !== "unknown"
        ? riskOf(effect.positionsAfter, effect.healthFactorAfter)
        : Promise.resolve(null),
      host.alertThreshold(),
      host.stale(),
    ]);
    const why = forWatched
      ? (effect?.note ?? null)
      : "This changes another account than the one Vigil watches.";
    const note = [why, stale ? STALE_PREVIEW_NOTE : null].filter((line) => line !== null).join(" ") || null;
    // Another account's call, or an asset without a price: unknown, never null (which reads as "no debt").
    const after = effect ? effect.healthFactorAfter : "unknown";
    return {
      kind: "aave",
      action: call.action,
      symbol: effect?.symbol ?? null,
      amount: effect?.amount ?? null,
      amountUsd: effect?.amountUsd ?? null,
      healthFactor: { before, after },
      risk: { horizon: HORIZON, before: riskBefore, after: riskAfter },
      alertThreshold,
      block: presignBlock(call.action, after === "unknown" ? null : after, alertThreshold),
      note,
    };
  };
}
