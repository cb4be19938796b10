import type { Address } from "viem";
import { loadCandles, loadStethEth } from "../../shared/prices/loadCandles.node.js";
import { resolvePricesDir } from "../../shared/prices/pricesDir.node.js";
import { type Candle, HOUR_SECONDS, type StethEthPoint } from "../../shared/prices/types";
import { ORACLE_RULES, type OracleRule, simulateOracleRounds } from "../../shared/risk/oracleSim";
import type { PricePoint } from "../../shared/risk/priceHistory";
import { settableAggregatorAbi } from "../abis/settableAggregator";
import type { TxSender } from "../deploy/context";
import { MARKET, type ReserveSymbol, STETH_PER_WSTETH, usdToFeedAnswer } from "../deploy/market";

/** How much history every feed holds before the devnet's "now": what the risk model looks back over. */
export const SEEDED_HOURS = 30 * 24;
/** Stablecoin feeds move on their heartbeat only (Chainlink's USDC/USD and DAI/USD: a day). */
const STABLE_HEARTBEAT_SECONDS = 24 * HOUR_SECONDS;
/** Rounds per appendRounds transaction: ~26k gas each keeps a chunk well under the devnet's fixed write gas. */
const ROUNDS_PER_TX = 250;

/** One oracle round: the answer (USD) and when it was written, unix seconds. */
export type OracleRound = Pick<PricePoint, "time" | "price">;

export type SeededRounds = Record<ReserveSymbol | "USD", OracleRound[]>;

function lastAtOrBefore(points: readonly StethEthPoint[], time: number): number {
  let found = points[0]?.price ?? 1;
  for (const point of points) {
    if (point.time > time) break;
    found = point.price;
  }
  return found;
}

function scaled(candles: readonly Candle[], factor: (candle: Candle) => number): Candle[] {
  return candles.map((c) => {
    const f = factor(c);
    return { time: c.time, open: c.open * f, high: c.high * f, low: c.low * f, close: c.close * f };
  });
}

/** The candles scaled so the last close is `price`: history's relative moves ending at the market's price. */
function endingAt(candles: readonly Candle[], price: number): Candle[] {
  const last = candles.at(-1);
  if (!last) throw new Error("devnet price history: no candles");
  return scaled(candles, () => price / last.close);
}

/**
 * The rounds each devnet feed gets before the market opens: the last SEEDED_HOURS hours of real history in the
 * prices directory (ETH, LINK; wstETH = ETH × stETH/ETH × the market's wstETH rate), replayed through a
 * Chainlink-style oracle (shared/risk/oracleSim.ts, the one training simulates), scaled so each ends at the market's start price and
 * moved in time so the last close lands on `endTime`. Stablecoins and the USD reference feed: $1 once a day.
 */
export function seededRounds(pricesDir: string, endTime: number): SeededRounds {
  const eth = loadCandles(pricesDir, "ETH").slice(-SEEDED_HOURS);
  const first = eth[0];
  const last = eth.at(-1);
  if (!first || !last || eth.length < SEEDED_HOURS)
    throw new Error(`devnet price history: fewer than ${SEEDED_HOURS} hours of ETH candles in ${pricesDir}`);
  const link = loadCandles(pricesDir, "LINK").filter((c) => c.time >= first.time && c.time <= last.time);
  if (link.length < SEEDED_HOURS * 0.9)
    throw new Error(
      `devnet price history: LINK candles do not cover ${new Date(first.time * 1000).toISOString()}…`,
    );
  const stethEth = loadStethEth(pricesDir);
  const wsteth = scaled(eth, (c) => lastAtOrBefore(stethEth, c.time) * STETH_PER_WSTETH);
  const shift = endTime - (last.time + HOUR_SECONDS);
  const price = (symbol: ReserveSymbol) => MARKET.find((r) => r.symbol === symbol)!.priceUsd;
  const rounds = (candles: Candle[], symbol: ReserveSymbol, rule: OracleRule): OracleRound[] => {
    const simulated = simulateOracleRounds(endingAt(candles, price(symbol)), rule).map((r) => ({
      time: r.time + shift,
      price: r.price,
    }));
    // The feed stands at the market's start price when it opens (the seeded health factors are the plan's): the
    // last round is that price at endTime, whether or not the simulated oracle had just written it.
    const last = simulated.at(-1);
    if (last && last.time >= endTime) simulated.pop();
    return [...simulated, { time: endTime, price: price(symbol) }];
  };
  const daily: OracleRound[] = [];
  for (let time = endTime - SEEDED_HOURS * HOUR_SECONDS; time <= endTime; time += STABLE_HEARTBEAT_SECONDS)
    daily.push({ time, price: 1 });
  return {
    WETH: rounds(eth, "WETH", ORACLE_RULES.ETH),
    wstETH: rounds(wsteth, "wstETH", ORACLE_RULES.ETH),
    LINK: rounds(link, "LINK", ORACLE_RULES.LINK),
    USDC: daily,
    DAI: daily,
    USD: daily,
  };
}

/**
 * Writes the seeded rounds into the feeds (appendRounds, a few transactions per feed). Runs right after the
 * deployment, at `endTime`, before any position exists: every feed's latest answer is the market's start price
 * again, so the seeded health factors are those of the seed plan.
 */
export async function seedPriceHistory(
  sender: TxSender,
  feeds: Record<ReserveSymbol | "USD", Address>,
  endTime: number,
  pricesDir = resolvePricesDir(),
): Promise<{ rounds: number }> {
  const all = seededRounds(pricesDir, endTime);
  let count = 0;
  for (const [symbol, rounds] of Object.entries(all) as [ReserveSymbol | "USD", OracleRound[]][]) {
    for (let i = 0; i < rounds.length; i += ROUNDS_PER_TX) {
      const chunk = rounds.slice(i, i + ROUNDS_PER_TX);
      await sender.write(
        `seed ${symbol} / USD history`,
        feeds[symbol],
        settableAggregatorAbi,
        "appendRounds",
        [chunk.map((r) => usdToFeedAnswer(r.price)), chunk.map((r) => BigInt(Math.round(r.time)))],
      );
    }
    count += rounds.length;
  }
  return { rounds: count };
}
