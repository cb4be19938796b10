import type { Trigger } from "../schemas/rules";
import { formatHealthFactorBelow } from "../words/healthFactorText";
import { formatUsd } from "../words/money";

/** What a tick knows when it evaluates triggers; a reading is null when it is not available right now. */
export interface TriggerContext {
  /** Supply APY as a fraction (0.042 = 4.2 %) of `asset` on `protocol` and chain. */
  supplyApy(protocol: string, chainId: number, asset: string): number | null;
  /** Variable borrow APY as a fraction, like supplyApy. */
  borrowApy(protocol: string, chainId: number, asset: string): number | null;
  /** The lowest health factor over the user's Aave accounts; null with no debt. */
  healthFactor: number | null;
  /** The risk forecast for a horizon (probability 0..1), or null. */
  riskProbability(horizon: "24h" | "7d"): number | null;
  priceUsd(asset: string): number | null;
}

export type TriggerEvaluation =
  | { status: "holds"; observed: number; reason: string }
  | { status: "idle"; observed: number | null }
  /** The trigger cannot be evaluated now (missing data): recorded on the rule, nothing proposed. */
  | { status: "unknown"; reason: string };

const pct = (fraction: number) => `${(fraction * 100).toFixed(2)} %`;

/** Pure: does the trigger hold for this context? Says why in product words when it does. */
export function evaluateTrigger(trigger: Trigger, context: TriggerContext): TriggerEvaluation {
  switch (trigger.type) {
    case "apy_below":
    case "apy_above": {
      const rate = trigger.rate ?? "supply";
      const read = rate === "borrow" ? context.borrowApy : context.supplyApy;
      const apy = read(trigger.protocol, trigger.chainId, trigger.asset);
      if (apy === null) {
        return {
          status: "unknown",
          reason: `no ${trigger.asset} ${rate} APY on ${trigger.protocol} right now`,
        };
      }
      const threshold = trigger.percent / 100;
      const below = trigger.type === "apy_below";
      const holds = below ? apy < threshold : apy > threshold;
      if (!holds) return { status: "idle", observed: apy };
      return {
        status: "holds",
        observed: apy,
        reason: `${trigger.asset} ${rate} APY on ${trigger.protocol === "aave" ? "Aave" : "EigenLayer"} is ${pct(apy)}, ${below ? "below" : "above"} ${trigger.percent} %`,
      };
    }
    case "health_factor_below": {
      const hf = context.healthFactor;
      if (hf === null) return { status: "idle", observed: null };
      if (hf >= trigger.value) return { status: "idle", observed: hf };
      return {
        status: "holds",
        observed: hf,
        reason: `health factor is ${formatHealthFactorBelow(hf, trigger.value)}, below ${trigger.value}`,
      };
    }
    case "risk_above": {
      const probability = context.riskProbability(trigger.horizon);
      if (probability === null)
        return { status: "unknown", reason: "no liquidation risk forecast right now" };
      if (probability <= trigger.probability) return { status: "idle", observed: probability };
      return {
        status: "holds",
        observed: probability,
        reason: `liquidation risk over ${trigger.horizon} is ${pct(probability)}, above ${pct(trigger.probability)}`,
      };
    }
    case "price_below":
    case "price_above": {
      const price = context.priceUsd(trigger.asset);
      if (price === null) return { status: "unknown", reason: `no ${trigger.asset} price right now` };
      const below = trigger.type === "price_below";
      if (below ? price >= trigger.usd : price <= trigger.usd) return { status: "idle", observed: price };
      return {
        status: "holds",
        observed: price,
        reason: `${trigger.asset} is ${formatUsd(price)}, ${below ? "below" : "above"} ${formatUsd(trigger.usd)}`,
      };
    }
  }
}
