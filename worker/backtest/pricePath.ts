import { type Candle, HOUR_SECONDS } from "../../shared/prices/types";
import { feedOf, type PriceFeed, toRiskAsset } from "../../shared/risk/assets";

/** Where hourly candles come from: the prices directory (Node, CLI, bench) or the R2 bucket (the Worker). */
export interface CandleSource {
  /** Candles with from ≤ time < to (unix seconds), ascending. */
  candles(feed: PriceFeed, from: number, to: number): Promise<readonly Candle[]>;
  /** One past the last candle's hour (unix seconds), or null when there is no data for the feed. */
  end(feed: PriceFeed): Promise<number | null>;
  /** Where a window's candles came from, when the user should know (said in the window's notes). */
  note?(from: number, to: number): string | null;
}

/** A window has no (or too little) price history for an asset: the API answers 422 naming both. */
export class MissingPriceDataError extends Error {
  override readonly name = "MissingPriceDataError";
  constructor(
    readonly asset: string,
    readonly from: string,
    readonly to: string,
    detail: string,
  ) {
    super(`no price data for ${asset} from ${from} to ${to}: ${detail}`);
  }
}

/** An asset the back-test cannot price at all (no history, not a stablecoin): a 400 on the position. */
export class UnpricedAssetError extends Error {
  override readonly name = "UnpricedAssetError";
  constructor(readonly asset: string) {
    super(
      `${asset} has no price history Vigil can replay (known: ETH, WETH, stETH, wstETH, LINK, BTC, WBTC, USDC, DAI, USDT)`,
    );
  }
}

/** One hour's price relative to the window's first open: 1 = unchanged, 0.6 = down 40 %. */
export interface HourMove {
  open: number;
  high: number;
  low: number;
  close: number;
}

export interface PricePath {
  /** Each hour's start (unix seconds), ascending and contiguous. */
  hours: number[];
  /** Per asset symbol (as the position names it): one move per hour. Stablecoins are flat at 1. */
  moves: Map<string, HourMove[]>;
  /** stETH-priced assets that followed ETH because the window is before the stETH/ETH history. */
  followsEth?: string[];
}

/** Below this share of hours with a candle, a window is refused rather than carried across a hole. */
export const MIN_COVERAGE = 0.9;

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The feed an asset follows (null = stablecoin held at $1), or throws for an asset without history. */
export function feedFor(asset: string): PriceFeed | null {
  const risk = toRiskAsset(asset);
  if (!risk) throw new UnpricedAssetError(asset);
  return feedOf(risk);
}

/**
 * The window's relative moves per asset, hour by hour, from the first candle's open. Hours missing inside the
 * data (exchange outages) carry the last close forward; a window with less than 90 % of its hours is refused.
 * stETH and wstETH follow the STETH feed (ETH × the stETH/ETH oracle rate, from 2022-01-29); before that history
 * they follow ETH, and `followsEth` names them.
 */
export async function buildPricePath(
  assets: readonly string[],
  from: number,
  to: number,
  source: CandleSource,
): Promise<PricePath> {
  const start = Math.ceil(from / HOUR_SECONDS) * HOUR_SECONDS;
  const hours: number[] = [];
  for (let t = start; t < to; t += HOUR_SECONDS) hours.push(t);
  const enough = (candles: readonly Candle[]) => candles.length >= hours.length * MIN_COVERAGE;
  const byFeed = new Map<PriceFeed, HourMove[]>();
  const moves = new Map<string, HourMove[]>();
  const followsEth: string[] = [];
  const flat = hours.map(() => ({ open: 1, high: 1, low: 1, close: 1 }));
  const pathOf = async (asset: string, feed: PriceFeed): Promise<HourMove[]> => {
    const known = byFeed.get(feed);
    if (known) return known;
    const candles = await source.candles(feed, start, to);
    if (feed === "STETH" && !enough(candles)) {
      followsEth.push(asset);
      return pathOf(asset, "ETH");
    }
    if (!enough(candles)) {
      const detail =
        candles.length === 0
          ? "the history has no candle in this range"
          : `only ${candles.length} of ${hours.length} hours have a candle`;
      throw new MissingPriceDataError(asset, iso(start), iso(to), detail);
    }
    const path = relativeMoves(hours, candles);
    byFeed.set(feed, path);
    return path;
  };
  for (const asset of assets) {
    const feed = feedFor(asset);
    moves.set(asset, feed === null ? flat : await pathOf(asset, feed));
  }
  return { hours, moves, followsEth };
}

function relativeMoves(hours: readonly number[], candles: readonly Candle[]): HourMove[] {
  const reference = candles[0]!.open;
  const result: HourMove[] = [];
  let next = 0;
  let lastClose = reference;
  for (const hour of hours) {
    while (next < candles.length && candles[next]!.time < hour) next++;
    const candle = candles[next];
    if (candle && candle.time === hour) {
      result.push({
        open: candle.open / reference,
        high: candle.high / reference,
        low: candle.low / reference,
        close: candle.close / reference,
      });
      lastClose = candle.close;
    } else {
      const carried = lastClose / reference;
      result.push({ open: carried, high: carried, low: carried, close: carried });
    }
  }
  return result;
}
