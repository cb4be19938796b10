import { type Candle, HOUR_SECONDS } from "./types";

/** One oracle round: the answer (USD) and when it was written, unix seconds. */
export interface OracleRound {
  time: number;
  price: number;
}

/** Chainlink's ETH/USD and LINK/USD feeds on mainnet: a new round on a 0.5 % move, and at least every hour. */
export const ORACLE_DEVIATION = 0.005;

/**
 * The rounds a Chainlink-style feed would have written over hourly candles. Within each hour the price is taken
 * to go open → first extreme → second extreme → close (the low first on an up candle, the high first on a down
 * one); an extreme becomes a round (at +20 min, +40 min) when it is `deviation` away from the last answer, and
 * the close is always a round at the candle's close time (the hourly heartbeat), so the hourly closes read
 * from the rounds are exactly the candles' closes and the hourly low/high see the wicks an oracle reports.
 */
export function oracleRoundsFromCandles(
  candles: readonly Candle[],
  deviation = ORACLE_DEVIATION,
): OracleRound[] {
  const rounds: OracleRound[] = [];
  let last: number | undefined;
  for (const candle of candles) {
    const up = candle.close >= candle.open;
    const extremes = up ? [candle.low, candle.high] : [candle.high, candle.low];
    for (const [k, price] of extremes.entries()) {
      const reference = last ?? candle.open;
      if (Math.abs(price / reference - 1) >= deviation) {
        rounds.push({ time: candle.time + ((k + 1) * HOUR_SECONDS) / 3, price });
        last = price;
      }
    }
    rounds.push({ time: candle.time + HOUR_SECONDS, price: candle.close });
    last = candle.close;
  }
  return rounds;
}
