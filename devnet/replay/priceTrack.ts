import type { Candle, StethEthPoint } from "../../shared/prices/types";
import { STETH_PER_WSTETH } from "../deploy/market";

/** Prices (USD) of the devnet's volatile reserves at one historical hour; stables stay at 1. */
export interface ReplayPoint {
  /** Historical time, unix seconds. */
  time: number;
  WETH: number;
  wstETH: number;
  LINK: number;
}

/** "2022-06-10", "2022-06-10T12:00Z" or unix seconds to unix seconds (UTC). */
export function parseReplayTime(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms))
    throw new Error(`not a date: "${text}" (use YYYY-MM-DD, an ISO time or unix seconds)`);
  return Math.floor(ms / 1000);
}

/** The last value at or before `time` (or the first one, for times before the series starts). */
function latestAtOrBefore<T extends { time: number }>(series: readonly T[], time: number): T | undefined {
  let lo = 0;
  let hi = series.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((series[mid] as T).time <= time) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 ? series[found] : series[0];
}

/**
 * The hourly price path for [from, to): WETH follows ETH's hourly close, LINK its own, wstETH follows
 * ETH × stETH/ETH (the Chainlink feed, roughly daily) × the fixed stETH-per-wstETH rate of the devnet market,
 * so the replayed wstETH price stays on the market's scale and its depeg (e.g. June 2022) shows through.
 */
export function buildPriceTrack(
  eth: readonly Candle[],
  link: readonly Candle[],
  stethEth: readonly StethEthPoint[],
  from: number,
  to: number,
): ReplayPoint[] {
  if (to <= from) throw new Error("replay: <to> must be after <from>");
  const hours = eth.filter((c) => c.time >= from && c.time < to);
  if (hours.length === 0)
    throw new Error(
      `replay: no ETH candles between ${new Date(from * 1000).toISOString()} and ${new Date(to * 1000).toISOString()}`,
    );
  return hours.map((candle) => {
    const linkCandle = latestAtOrBefore(link, candle.time);
    const steth = latestAtOrBefore(stethEth, candle.time);
    if (!linkCandle) throw new Error("replay: LINK price history is empty");
    return {
      time: candle.time,
      WETH: candle.close,
      wstETH: candle.close * (steth?.price ?? 1) * STETH_PER_WSTETH,
      LINK: linkCandle.close,
    };
  });
}

/**
 * Rescales each series so it starts at `anchor` (today's devnet prices) and keeps history's relative moves:
 * replaying 2022 on a 2025 market would otherwise open with a 55 % ETH crash in the first step.
 */
export function anchorTrack(
  track: readonly ReplayPoint[],
  anchor: Pick<ReplayPoint, "WETH" | "wstETH" | "LINK">,
): ReplayPoint[] {
  const first = track[0];
  if (!first) return [];
  const factor = {
    WETH: anchor.WETH / first.WETH,
    wstETH: anchor.wstETH / first.wstETH,
    LINK: anchor.LINK / first.LINK,
  };
  return track.map((p) => ({
    time: p.time,
    WETH: p.WETH * factor.WETH,
    wstETH: p.wstETH * factor.wstETH,
    LINK: p.LINK * factor.LINK,
  }));
}
