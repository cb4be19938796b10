import { formatUnits, parseUnits } from "viem";
import {
  type AaveReserveData,
  type AaveUserReserveData,
  computeUserAccount,
  getNormalizedDebt,
  getNormalizedIncome,
  rateToApy,
  type UserAccount,
} from "../../shared/aave";
import { WAD } from "../../shared/aave/constants";
import { liquidationCall } from "../../shared/aave/liquidationCall";
import { rayDiv, rayMul } from "../../shared/aave/wadRayMath";
import { evaluateTrigger, type TriggerContext } from "../../shared/automation/evaluateTrigger";
import { cooldownElapsed, proposalKey } from "../../shared/automation/proposalKey";
import type {
  BacktestEvent,
  BacktestPoint,
  BacktestPosition,
  BacktestSummary,
} from "../../shared/schemas/backtest";
import type { RuleCreate } from "../../shared/schemas/rules";
import { formatTokenAmount } from "../../shared/words/tokenAmount";
import { planAction } from "../proposals/planAction";
import type { ActionPlan } from "../transactionSteps";
import type { PricePath } from "./pricePath";
import { syntheticReserve, syntheticToken, syntheticUserReserve, USD_BASE_CURRENCY } from "./syntheticMarket";

/**
 * Gas of the real steps each action takes (ERC-20 approve + the Pool call; a rebalance also withdraws and
 * deposits into EigenLayer): typical mainnet figures, priced at the stated gas price and the hour's ETH price.
 */
export const GAS_UNITS: Record<RuleCreate["action"]["type"], number> = {
  repay: 230_000,
  supply_collateral: 250_000,
  rebalance: 520_000,
  notify: 0,
};

/** A liquidator may call again while the account stays below 1; this bounds the calls per hour. */
export const MAX_LIQUIDATIONS_PER_HOUR = 10;

export interface ReplayOptions {
  position: BacktestPosition;
  path: PricePath;
  /** null: the position alone, no rule. */
  rule: RuleCreate | null;
  /** Names the rule in idempotency keys, as the live loop does. */
  ruleId?: string;
  signDelayMinutes: number;
  gasPriceGwei: number;
  /** Today's ETH price (USD): gas is paid in ETH, moved by the window's ETH path when it has one. */
  ethUsd: number;
}

export interface ReplayResult {
  /** Hourly HF at each hour's close (not downsampled). */
  series: BacktestPoint[];
  events: BacktestEvent[];
  summary: BacktestSummary;
}

interface Pending {
  proposedAt: number;
  signAt: number;
  plan: ActionPlan;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const hfNumber = (account: UserAccount) =>
  account.totalDebtBase === 0n ? null : Number(account.healthFactor) / 1e18;
const HOUR = 3600;

/**
 * Replays a position hour by hour through a window's relative price moves, applied from today's prices, with
 * the live loop's own pieces: `evaluateTrigger`, the cooldown and idempotency key, `planAction`, the gas guard,
 * the contracts' interest and account math (`computeUserAccount`) and LiquidationLogic (`liquidationCall`).
 *
 * Each hour, in order: (1) a proposal signed during the hour executes at the hour's open price (the signature
 * lands minutes in; the hour's extremes are assumed to come after it); (2) the liquidation check prices
 * collateral at the hour's low and debt at its high; (3) at the close the HF is recorded and the rule evaluated.
 * Pure and deterministic: the same inputs give the same events.
 */
export function replay(options: ReplayOptions): ReplayResult {
  const { position, path, rule } = options;
  const hours = path.hours;
  if (hours.length === 0) throw new Error("a replay needs at least one hour");
  const start = BigInt(hours[0]!);
  const terms = position.reserves;
  const reserves: AaveReserveData[] = terms.map((r, i) => syntheticReserve(r, i, start));
  const user: AaveUserReserveData[] = terms.map((r, i) => syntheticUserReserve(r, i));
  const tokens = terms.map((r, i) => syntheticToken(r, i));
  const wallet = terms.map((r) => parseUnits(r.walletBalance, r.decimals));
  const restaked = terms.map(() => 0n);
  const moves = terms.map(
    (r) => path.moves.get(r.asset) ?? hours.map(() => ({ open: 1, high: 1, low: 1, close: 1 })),
  );
  const ethMoves = path.moves.get("ETH") ?? path.moves.get("WETH");

  const priceAt = (i: number, ratio: number) => BigInt(Math.round(terms[i]!.priceUsd * ratio * 1e8));
  const prices = (h: number, pick: "open" | "close" | "worst") =>
    terms.map((_, i) => {
      const move = moves[i]![h]!;
      if (pick !== "worst") return priceAt(i, move[pick]);
      const isCollateral = user[i]!.scaledATokenBalance > 0n && user[i]!.usageAsCollateralEnabledOnUser;
      return priceAt(i, isCollateral ? move.low : move.high);
    });
  const marketAt = (priced: bigint[]) =>
    reserves.map((r, i) => ({ ...r, priceInMarketReferenceCurrency: priced[i]! }));
  const accountAt = (priced: bigint[], now: number) =>
    computeUserAccount({
      reserves: marketAt(priced),
      userReserves: user,
      userEModeCategoryId: 0,
      now: BigInt(now),
    });
  const usdOf = (i: number, units: bigint, price: bigint) =>
    (Number(units) / 10 ** terms[i]!.decimals) * (Number(price) / 1e8);
  const ethUsdAt = (h: number, pick: "open" | "close") => options.ethUsd * (ethMoves?.[h]?.[pick] ?? 1);
  const indexOf = (i: number) => {
    const r = reserves[i]!;
    return {
      liquidityIndex: r.liquidityIndex,
      variableBorrowIndex: r.variableBorrowIndex,
      liquidityRate: r.liquidityRate,
      variableBorrowRate: r.variableBorrowRate,
      lastUpdateTimestamp: BigInt(r.lastUpdateTimestamp),
    };
  };
  const debtOf = (i: number, now: number) => {
    const scaled = user[i]!.scaledVariableDebt;
    return scaled === 0n ? 0n : rayMul(scaled, getNormalizedDebt(indexOf(i), BigInt(now)));
  };
  const burnDebt = (i: number, amount: bigint, now: number) => {
    const scaled = rayDiv(amount, getNormalizedDebt(indexOf(i), BigInt(now)));
    const u = user[i]!;
    u.scaledVariableDebt = scaled >= u.scaledVariableDebt ? 0n : u.scaledVariableDebt - scaled;
  };
  const moveSupply = (i: number, amount: bigint, now: number) => {
    const scaled = rayDiv(amount < 0n ? -amount : amount, getNormalizedIncome(indexOf(i), BigInt(now)));
    const u = user[i]!;
    if (amount > 0n) u.scaledATokenBalance += scaled;
    else u.scaledATokenBalance = scaled >= u.scaledATokenBalance ? 0n : u.scaledATokenBalance - scaled;
  };
  const netWorth = (priced: bigint[], now: number) => {
    const account = accountAt(priced, now);
    return terms.reduce((sum, _, i) => {
      const p = account.positions.find((x) => x.underlyingAsset === tokens[i]!.address);
      const supplied = p?.supplied ?? 0n;
      const debt = (p?.variableDebt ?? 0n) + (p?.stableDebt ?? 0n);
      return sum + usdOf(i, supplied + wallet[i]! + restaked[i]!, priced[i]!) - usdOf(i, debt, priced[i]!);
    }, 0);
  };

  const series: BacktestPoint[] = [];
  const events: BacktestEvent[] = [];
  const startValueUsd = netWorth(prices(0, "open"), hours[0]!);
  let minHealthFactor: number | null = null;
  let gasSpentUsd = 0;
  let collateralSeizedUsd = 0;
  let debtRepaidByLiquidatorUsd = 0;
  // Assigned inside evaluate(): the cast keeps TypeScript from narrowing it to null here.
  let pending = null as Pending | null;
  let lastExecutedAt: string | null = null;
  const keys = new Set<string>();
  let lastSkip: string | null = null;
  /** `kind` groups skips of one cause whose numbers differ hour to hour (gas price, HF in the reason). */
  const skip = (at: number, message: string, healthFactor: number | null, kind = message) => {
    // One event per cause in a row: a trigger that holds for days without an allowed action is one story.
    if (kind === lastSkip) return;
    lastSkip = kind;
    events.push({ at: iso(at), type: "skipped", message, healthFactor });
  };

  for (let h = 0; h < hours.length; h++) {
    const hourStart = hours[h]!;
    const close = hourStart + HOUR;

    // (1) A proposal signed during this hour executes at the hour's open.
    let signedAt = hourStart;
    if (pending && pending.signAt < close && rule && rule.action.type !== "notify") {
      const job = pending;
      pending = null;
      const signAt = Math.max(job.signAt, hourStart);
      if (job.signAt - job.proposedAt > rule.guards.proposalExpirySeconds) {
        skip(
          signAt,
          `the proposal expired before it was signed (expiry ${rule.guards.proposalExpirySeconds / 60} min)`,
          null,
        );
      } else {
        signedAt = signAt;
        const executed = execute(job, signAt, h);
        if (executed) events.push(executed);
      }
    }

    // (2) Liquidation at the hour's worst prices.
    const worst = prices(h, "worst");
    let account = accountAt(worst, close);
    const worstHf = hfNumber(account);
    if (worstHf !== null && (minHealthFactor === null || worstHf < minHealthFactor))
      minHealthFactor = worstHf;
    for (
      let n = 0;
      n < MAX_LIQUIDATIONS_PER_HOUR && account.totalDebtBase > 0n && account.healthFactor < WAD;
      n++
    ) {
      const pick = (
        key: "debtBase" | "suppliedBase",
        counts: (p: UserAccount["positions"][number]) => boolean,
      ) =>
        account.positions.filter(counts).sort((a, b) => (b[key] > a[key] ? 1 : b[key] < a[key] ? -1 : 0))[0];
      const debtPosition = pick("debtBase", (p) => p.debtBase > 0n);
      const collateralPosition = pick("suppliedBase", (p) => p.usedAsCollateral && p.supplied > 0n);
      if (!debtPosition || !collateralPosition) break;
      const d = tokens.findIndex((t) => t.address === debtPosition.underlyingAsset);
      const c = tokens.findIndex((t) => t.address === collateralPosition.underlyingAsset);
      const result = liquidationCall({
        healthFactor: account.healthFactor,
        userDebt: debtPosition.variableDebt + debtPosition.stableDebt,
        userCollateral: collateralPosition.supplied,
        debt: { price: worst[d]!, decimals: terms[d]!.decimals },
        collateral: {
          price: worst[c]!,
          decimals: terms[c]!.decimals,
          liquidationBonus: BigInt(terms[c]!.liquidationBonus),
          liquidationProtocolFee: BigInt(terms[c]!.liquidationProtocolFee),
        },
      });
      if (!result) break;
      const hfBefore = hfNumber(account);
      burnDebt(d, result.debtRepaid, close);
      moveSupply(c, -result.collateralSeized, close);
      account = accountAt(worst, close);
      const seizedUsd = usdOf(c, result.collateralSeized, worst[c]!);
      const repaidUsd = usdOf(d, result.debtRepaid, worst[d]!);
      collateralSeizedUsd += seizedUsd;
      debtRepaidByLiquidatorUsd += repaidUsd;
      events.push({
        // After this hour's signature, if any: the low is assumed to come after it (see the order above).
        at: iso(signedAt),
        type: "liquidation",
        message: `liquidated at HF ${hfBefore?.toFixed(3)}: ${fmt(result.debtRepaid, terms[d]!.decimals)} ${terms[d]!.asset} repaid by the liquidator, ${fmt(result.collateralSeized, terms[c]!.decimals)} ${terms[c]!.asset} seized (close factor ${Number(result.closeFactor) / 100} %)`,
        healthFactor: hfNumber(account),
        healthFactorBefore: hfBefore,
        collateralSeizedUsd: seizedUsd,
        debtRepaidUsd: repaidUsd,
        collateralSeized: {
          asset: terms[c]!.asset,
          amount: formatUnits(result.collateralSeized, terms[c]!.decimals),
        },
        debtRepaid: { asset: terms[d]!.asset, amount: formatUnits(result.debtRepaid, terms[d]!.decimals) },
      });
    }

    // (3) The close: record, then the rule looks at the market as the live loop would.
    const closing = prices(h, "close");
    const closeAccount = accountAt(closing, close);
    series.push({ at: iso(close), healthFactor: hfNumber(closeAccount) });
    if (rule) evaluate(h, close, closing, closeAccount);
  }

  const last = hours.length - 1;
  const endValueUsd = netWorth(prices(last, "close"), hours[last]! + HOUR);
  const liquidations = events.filter((e) => e.type === "liquidation");
  return {
    series,
    events,
    summary: {
      proposals: events.filter((e) => e.type === "proposal").length,
      executed: events.filter((e) => e.type === "executed").length,
      skipped: events.filter((e) => e.type === "skipped").length,
      liquidations: liquidations.length,
      firstLiquidationAt: liquidations[0]?.at ?? null,
      collateralSeizedUsd: round2(collateralSeizedUsd),
      bonusLostUsd: round2(collateralSeizedUsd - debtRepaidByLiquidatorUsd),
      minHealthFactor,
      gasSpentUsd: round2(gasSpentUsd),
      startValueUsd: round2(startValueUsd),
      endValueUsd: round2(endValueUsd),
    },
  };

  function execute(job: Pending, at: number, h: number): BacktestEvent | null {
    const i = tokens.findIndex((t) => t.address === job.plan.token.address);
    const open = prices(h, "open");
    const before = accountAt(open, at);
    const symbol = terms[i]!.asset;
    let amount = job.plan.amount;
    switch (job.plan.action) {
      case "repay": {
        const debt = debtOf(i, at);
        // biome-ignore lint/complexity/useMathMinMax: bigints
        amount = [amount, debt, wallet[i]!].reduce((a, b) => (b < a ? b : a));
        if (amount === 0n) {
          skip(at, `the repay could not be funded: the wallet holds no ${symbol}`, hfNumber(before));
          return null;
        }
        burnDebt(i, amount, at);
        wallet[i] = wallet[i]! - amount;
        break;
      }
      case "supply_collateral": {
        // biome-ignore lint/complexity/useMathMinMax: bigints
        amount = amount < wallet[i]! ? amount : wallet[i]!;
        if (amount === 0n) {
          skip(at, `the supply could not be funded: the wallet holds no ${symbol}`, hfNumber(before));
          return null;
        }
        moveSupply(i, amount, at);
        wallet[i] = wallet[i]! - amount;
        break;
      }
      case "rebalance": {
        const supplied =
          before.positions.find((p) => p.underlyingAsset === tokens[i]!.address)?.supplied ?? 0n;
        amount = amount < supplied ? amount : supplied;
        if (amount === 0n) return null;
        moveSupply(i, -amount, at);
        restaked[i] = restaked[i]! + amount;
        break;
      }
    }
    const gasUsd = (GAS_UNITS[job.plan.action] * options.gasPriceGwei * ethUsdAt(h, "open")) / 1e9;
    gasSpentUsd += gasUsd;
    const after = accountAt(open, at);
    return {
      at: iso(at),
      type: "executed",
      message: `${job.plan.action === "supply_collateral" ? "supplied" : job.plan.action === "repay" ? "repaid" : "restaked"} ${fmt(amount, terms[i]!.decimals)} ${symbol}`,
      healthFactor: hfNumber(after),
      amountUsd: round2(usdOf(i, amount, open[i]!)),
      gasUsd: round2(gasUsd),
    };
  }

  function evaluate(h: number, now: number, closing: bigint[], account: UserAccount): void {
    if (!rule || pending) return;
    const nowMs = now * 1000;
    const { cooldownSeconds } = rule.guards;
    const key = proposalKey(options.ruleId ?? "backtest", nowMs, cooldownSeconds);
    if (!cooldownElapsed(lastExecutedAt, cooldownSeconds, nowMs) || keys.has(key)) return;
    const hf = hfNumber(account);
    const context: TriggerContext = {
      supplyApy: (protocol, chainId, asset) => {
        const i = terms.findIndex((r) => r.asset.toLowerCase() === asset.toLowerCase());
        if (protocol !== "aave" || chainId !== position.chainId || i < 0) return null;
        return rateToApy(reserves[i]!.liquidityRate);
      },
      borrowApy: (protocol, chainId, asset) => {
        const i = terms.findIndex((r) => r.asset.toLowerCase() === asset.toLowerCase());
        if (protocol !== "aave" || chainId !== position.chainId || i < 0) return null;
        return rateToApy(reserves[i]!.variableBorrowRate);
      },
      healthFactor: hf,
      // The risk model's forecast needs the oracle history the live loop keeps; not replayed.
      riskProbability: () => null,
      priceUsd: (asset) => {
        const i = terms.findIndex((r) => r.asset.toLowerCase() === asset.toLowerCase());
        return i < 0 ? null : Number(closing[i]!) / 1e8;
      },
    };
    const evaluation = evaluateTrigger(rule.trigger, context);
    if (evaluation.status === "unknown") {
      skip(now, `not evaluated: ${evaluation.reason}`, hf, "unknown");
      return;
    }
    if (evaluation.status === "idle") {
      lastSkip = null;
      return;
    }
    const action = rule.action;
    if (action.type === "notify") {
      keys.add(key);
      lastExecutedAt = new Date(nowMs).toISOString();
      events.push({
        at: iso(now),
        type: "proposal",
        message: `notified: ${evaluation.reason}`,
        healthFactor: hf,
      });
      return;
    }
    const i = terms.findIndex((r) => r.asset.toLowerCase() === action.asset.toLowerCase());
    if (i < 0 || action.chainId !== position.chainId) {
      skip(
        now,
        `${evaluation.reason}, but the position has no ${action.asset} reserve on chain ${action.chainId}`,
        hf,
        "asset",
      );
      return;
    }
    const planned = planAction({
      action,
      token: tokens[i]!,
      market: {
        chainId: position.chainId,
        blockNumber: 0n,
        blockTimestamp: BigInt(now),
        reserves: marketAt(closing),
        baseCurrency: USD_BASE_CURRENCY,
      },
      account,
      walletBalance: wallet[i]!,
      guards: rule.guards,
      user: tokens[i]!.address,
    });
    if (!planned.ok) {
      skip(now, `${evaluation.reason}, but ${planned.reason}`, hf, planned.reason);
      return;
    }
    const gasUsd = (GAS_UNITS[action.type] * options.gasPriceGwei * ethUsdAt(h, "close")) / 1e9;
    if (gasUsd > rule.guards.maxGasUsd) {
      skip(
        now,
        `not proposed: gas would cost $${gasUsd.toFixed(2)}, above the rule's max $${rule.guards.maxGasUsd}`,
        hf,
        "gas",
      );
      return;
    }
    keys.add(key);
    lastExecutedAt = new Date(nowMs).toISOString();
    lastSkip = null;
    pending = { proposedAt: now, signAt: now + options.signDelayMinutes * 60, plan: planned.plan };
    events.push({
      at: iso(now),
      type: "proposal",
      message: `${evaluation.reason}: proposed ${action.type === "supply_collateral" ? "supplying" : action.type === "repay" ? "repaying" : "restaking"} ${fmt(planned.plan.amount, terms[i]!.decimals)} ${terms[i]!.asset} (HF → ${planned.healthFactorAfter?.toFixed(3) ?? "no debt"})`,
      healthFactor: hf,
      amountUsd: round2(planned.amountUsd),
      gasUsd: round2(gasUsd),
    });
  }
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Token amounts in the events' words, as on every other screen (shared/words/tokenAmount). */
function fmt(units: bigint, decimals: number): string {
  return formatTokenAmount(Number(formatUnits(units, decimals)));
}
