import type { Candle } from "../../../../shared/prices/types";
import type { PricePoint } from "../../../../shared/risk/priceHistory";

const HOUR = 3600;

/** One feed's hour: the answer in effect when it began (open), the extremes of its rounds, the last answer. */
export interface HourBar {
  hour: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Unix seconds of the hour's last round. */
  closeTime: number;
}

/** A round's answer in USD and when it was written. */
export interface PriceRound {
  time: number;
  price: number;
}

/**
 * Folds rounds (ascending) into hourly bars after `last`, the newest bar already kept. Returns every bar that
 * changed: `last` itself when a round falls in its hour, then one per later hour with rounds. An hour's open is
 * the answer carried over from before it, so its low/high also cover the price the oracle held at its start.
 */
export function foldRounds(last: HourBar | null, rounds: readonly PriceRound[]): HourBar[] {
  const touched: HourBar[] = [];
  let current = last ? { ...last } : null;
  for (const round of rounds) {
    const hour = Math.floor(round.time / HOUR);
    if (current && hour < current.hour) continue; // older than what is kept: already folded in
    if (current && hour === current.hour) {
      current.high = Math.max(current.high, round.price);
      current.low = Math.min(current.low, round.price);
      current.close = round.price;
      current.closeTime = round.time;
    } else {
      const open = current?.close ?? round.price;
      current = {
        hour,
        open,
        high: Math.max(open, round.price),
        low: Math.min(open, round.price),
        close: round.price,
        closeTime: round.time,
      };
    }
    if (touched.at(-1)?.hour === current.hour) touched[touched.length - 1] = current;
    else touched.push(current);
    current = { ...current };
  }
  return touched;
}

/**
 * Every hour from `fromHour` to the hour of `asOf` that has an answer in effect, each as its bar: an hour without
 * rounds is flat at the answer carried in (an oracle's answer holds until its next round). Hours before the first
 * known answer are left out.
 */
function filledHours(bars: readonly HourBar[], fromHour: number, asOf: number): HourBar[] {
  const filled: HourBar[] = [];
  const lastHour = Math.floor(asOf / HOUR);
  let index = 0;
  let carried: HourBar | null = null;
  // The answer in effect at fromHour: the close of the newest bar before it.
  while (index < bars.length && bars[index]!.hour < fromHour) carried = bars[index++]!;
  const start = carried === null ? (bars[index]?.hour ?? lastHour + 1) : fromHour;
  for (let hour = start; hour <= lastHour; hour++) {
    const bar = bars[index]?.hour === hour ? bars[index++]! : null;
    if (bar) {
      filled.push(bar);
      carried = bar;
    } else if (carried !== null) {
      const price = carried.close;
      filled.push({ hour, open: price, high: price, low: price, close: price, closeTime: carried.closeTime });
    }
  }
  return filled;
}

/**
 * The hourly series the risk features read, from `fromHour` to the hour of `asOf` (flat through hours without
 * rounds). Each point is the hour's close stamped at the hour's end (a candle's close time), the current hour's
 * at `asOf`.
 */
export function hourlySeries(bars: readonly HourBar[], fromHour: number, asOf: number): PricePoint[] {
  return filledHours(bars, fromHour, asOf).map((bar) => ({
    time: Math.min((bar.hour + 1) * HOUR, asOf),
    price: bar.close,
    low: bar.low,
    high: bar.high,
  }));
}

/**
 * The same hours as candles (time = the hour's start), from `fromHour` to the hour of `asOf`: what a back-test
 * replays. An hour without rounds is flat at the answer carried in; the first hour opens at the answer in effect
 * before it, like every other hour.
 */
export function hourlyCandles(bars: readonly HourBar[], fromHour: number, asOf: number): Candle[] {
  return filledHours(bars, fromHour, asOf).map((bar) => ({
    time: bar.hour * HOUR,
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
  }));
}
