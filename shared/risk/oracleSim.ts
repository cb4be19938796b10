import type { Candle } from "../prices/types";
import type { PricePoint } from "./priceHistory";

/** A Chainlink-style push feed: a new answer when the price moves `deviation` from the last one, or every `heartbeatSeconds`. */
export interface OracleRule {
  deviation: number;
  heartbeatSeconds: number;
}

/**
 * Chainlink's mainnet USD feeds that Aave V3 Ethereum reads: ETH/USD and BTC/USD 0.5 % / 1 h, LINK/USD 1 % / 1 h.
 * (stETH is priced as ETH/USD × the real stETH/ETH rounds, which are in the data as published.)
 */
export const ORACLE_RULES = {
  ETH: { deviation: 0.005, heartbeatSeconds: 3600 },
  BTC: { deviation: 0.005, heartbeatSeconds: 3600 },
  LINK: { deviation: 0.01, heartbeatSeconds: 3600 },
} as const satisfies Record<string, OracleRule>;

const STEPS_PER_HOUR = 60;

/**
 * Walks candles as an oracle would: inside each hour the price moves minute by minute along open → nearer extreme →
 * other extreme → close (straight lines, 20 minutes each), and the answer updates when the walked price is
 * `deviation` away from it, or when the heartbeat is due. After a gap in the candles the feed restarts at the next
 * open. Calls `onRound` for each new answer and `onHour` at each candle's end with the hour's lowest/highest
 * answer (the one carried in included). Deterministic; O(60) per candle.
 */
function walkOracle(
  candles: readonly Candle[],
  rule: OracleRule,
  onRound: (round: PricePoint) => void,
  onHour: (row: PricePoint) => void,
) {
  let answer = Number.NaN;
  let updatedAt = Number.NEGATIVE_INFINITY;
  let previousOpen = Number.NEGATIVE_INFINITY;
  for (const c of candles) {
    if (c.time !== previousOpen + 3600) {
      answer = c.open;
      updatedAt = c.time;
      onRound({ time: c.time, price: answer });
    }
    previousOpen = c.time;
    const lowFirst = c.open - c.low <= c.high - c.open;
    const path = lowFirst ? [c.open, c.low, c.high, c.close] : [c.open, c.high, c.low, c.close];
    let low = answer;
    let high = answer;
    for (let step = 1; step <= STEPS_PER_HOUR; step++) {
      const leg = Math.min(2, Math.floor(((step - 1) * 3) / STEPS_PER_HOUR));
      const within = (step * 3) / STEPS_PER_HOUR - leg;
      const price = path[leg]! + (path[leg + 1]! - path[leg]!) * within;
      const now = c.time + step * 60;
      if (Math.abs(price / answer - 1) >= rule.deviation || now - updatedAt >= rule.heartbeatSeconds) {
        answer = price;
        updatedAt = now;
        low = Math.min(low, answer);
        high = Math.max(high, answer);
        onRound({ time: now, price: answer });
      }
    }
    onHour({ time: c.time + 3600, price: answer, low, high });
  }
}

/**
 * The rounds an oracle would have published over exchange candles, one PricePoint per new answer (the devnet can
 * seed exactly these into its aggregators, so the worker reads the rounds training was built from).
 */
export function simulateOracleRounds(candles: readonly Candle[], rule: OracleRule): PricePoint[] {
  const rounds: PricePoint[] = [];
  walkOracle(
    candles,
    rule,
    (round) => rounds.push(round),
    () => {},
  );
  return rounds;
}

/**
 * The same feed as hourly rows (see PricePoint): the answer standing at each hour's end and the lowest/highest
 * answers that stood during it. One row per candle, stamped at its close; a gap in the candles stays a gap.
 * sampleHourlyBars gives the same bars from these rows as from simulateOracleRounds' rounds.
 */
export function simulateOracle(candles: readonly Candle[], rule: OracleRule): PricePoint[] {
  const rows: PricePoint[] = [];
  walkOracle(
    candles,
    rule,
    () => {},
    (row) => rows.push(row),
  );
  return rows;
}
