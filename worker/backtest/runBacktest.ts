import type {
  BacktestPosition,
  BacktestResponse,
  BacktestWindow,
  BacktestWindowResult,
} from "../../shared/schemas/backtest";
import type { RuleCreate } from "../../shared/schemas/rules";
import { buildPricePath, type CandleSource, feedFor } from "./pricePath";
import { GAS_UNITS, replay } from "./replay";
import { downsample, notes, verdict } from "./summarize";
import { resolveWindow } from "./windows";

/** Gas is paid in ETH: without an ETH reserve in the position, this price is assumed (and stated). */
export const FALLBACK_ETH_USD = 3000;

export interface RunBacktestInput {
  rule: RuleCreate;
  ruleId?: string;
  position: BacktestPosition;
  windows: readonly BacktestWindow[];
  signDelayMinutes: number;
  gasPriceGwei: number;
  source: CandleSource;
  /** Unix seconds: where rolling windows end (or the data's end, when earlier). */
  now: number;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * Each window replayed twice (without and with the rule) from the same price path. Throws MissingPriceDataError
 * (→ 422) when a window has no history for one of the position's assets, UnpricedAssetError (→ 400) for an asset
 * with no history at all.
 */
export async function runBacktest(input: RunBacktestInput): Promise<BacktestResponse> {
  const { position, rule, source } = input;
  const assets = position.reserves.map((r) => r.asset);
  for (const asset of assets) feedFor(asset);
  const eth = position.reserves.find((r) => ["ETH", "WETH"].includes(r.asset.toUpperCase()));
  const ethUsd = eth?.priceUsd ?? FALLBACK_ETH_USD;
  const feeds = [
    ...new Set(
      assets
        .map(feedFor)
        .filter((f) => f !== null)
        .map((f) => (f === "STETH" ? "ETH" : f)),
    ),
  ];
  const ends = await Promise.all(feeds.map((feed) => source.end(feed)));
  const known = ends.filter((e): e is number => e !== null);
  const dataEnd = known.length === 0 ? null : Math.min(...known);

  const windows: BacktestWindowResult[] = [];
  for (const requested of input.windows) {
    const window = resolveWindow(requested, input.now, dataEnd);
    // ETH moves price the gas even for a position without ETH.
    const path = await buildPricePath(
      assets.includes("ETH") ? assets : [...assets, "ETH"],
      window.from,
      window.to,
      source,
    );
    const common = {
      position,
      path,
      ruleId: input.ruleId,
      signDelayMinutes: input.signDelayMinutes,
      gasPriceGwei: input.gasPriceGwei,
      ethUsd,
    };
    const provenance = source.note?.(path.hours[0] ?? window.from, window.to) ?? null;
    const without = replay({ ...common, rule: null });
    const withRule = replay({ ...common, rule });
    windows.push({
      name: window.name,
      from: iso(window.from),
      to: iso(window.to),
      hours: path.hours.length,
      withoutRule: { ...without, series: downsample(without.series) },
      withRule: { ...withRule, series: downsample(withRule.series) },
      verdict: verdict(window.label, rule, without, withRule),
      notes: [
        ...(window.note ? [window.note] : []),
        ...(provenance ? [provenance] : []),
        ...(path.followsEth?.length
          ? [`${path.followsEth.join(", ")} followed ETH: the stETH/ETH history starts on 2022-01-29`]
          : []),
        ...notes(window.label, path.hours.length, rule, withRule, input.signDelayMinutes),
      ],
    });
  }
  return { windows, assumptions: assumptions(input, ethUsd, eth === undefined) };
}

function assumptions(input: RunBacktestInput, ethUsd: number, ethAssumed: boolean): string[] {
  const step = GAS_UNITS[input.rule.action.type];
  return [
    "Each window's relative hourly moves (exchange candles against USDT) are applied to today's prices: the crash as it would hit the position now. Stablecoins stay at $1; stETH and wstETH follow ETH × the stETH/ETH oracle rate (daily rounds, from 2022-01-29; before that ETH alone).",
    "Interest accrues at today's supply and borrow rates for the whole window.",
    "Liquidation is checked every hour with collateral at the hour's low and debt at its high (pessimistic). A liquidator repays the largest debt up to Aave's close factor (50 %, all of it below HF 0.95) and seizes the largest collateral plus its liquidation bonus, again while HF stays below 1.",
    `A proposal is signed ${input.signDelayMinutes} minutes after it is made and executes at the open of the hour it lands in, before that hour's low; a step the wallet cannot pay is skipped, not assumed.`,
    `Gas: ${step.toLocaleString("en-US")} gas per ${input.rule.action.type.replace("_", " ")} step (approve + the Pool call) at ${input.gasPriceGwei} gwei, ETH at the hour's price${ethAssumed ? ` (from $${ethUsd.toLocaleString("en-US")} today: the position holds no ETH, so this is assumed)` : ""}.`,
    "Liquidation-risk triggers are not replayed (the forecast needs the live oracle history); APY triggers see today's rates.",
  ];
}
