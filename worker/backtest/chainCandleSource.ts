import type { Candle } from "../../shared/prices/types";
import { HOUR_SECONDS } from "../../shared/prices/types";
import type { PriceFeed } from "../../shared/risk/assets";
import type { OracleCandles } from "../defi/market/oracle/oracleHistory";
import type { CandleSource } from "./pricePath";

const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " ");

/**
 * The chain's own recent prices first, the archive for the rest: the market object keeps the last ~31 days of
 * every risk feed's oracle rounds (worker/defi/market/oracle), so "the last 30 days" replays what Aave's oracle
 * really did, up to the chain's latest block, while older windows read the archive (R2). One feed's window comes
 * from one source, never both: the oracle when it covers the window's start (or holds more of its hours than the
 * archive), else the archive — mixing them would put a step between exchange and oracle prices (and wstETH's
 * oracle is priced in USD per wstETH, the archive's STETH feed per stETH) into the path.
 *
 * `load` is asked once, on first use; when it fails (the chain is down and nothing was kept) the archive alone
 * answers and `log` says why.
 */
export function chainCandleSource(
  load: () => Promise<OracleCandles>,
  archive: CandleSource,
  log: (event: Record<string, unknown>) => void = () => {},
): CandleSource {
  let oracle: Promise<OracleCandles["feeds"]> | undefined;
  const feeds = () => {
    oracle ??= load().then(
      (candles) => candles.feeds,
      (error: unknown) => {
        log({ level: "warn", msg: "oracle history unavailable for the back-test", error: String(error) });
        return {};
      },
    );
    return oracle;
  };
  /** Per window (from:to), the first hour any feed took from the oracle. */
  const fromOracle = new Map<string, number>();
  return {
    async end(feed) {
      const [kept, archived] = await Promise.all([feeds(), archive.end(feed)]);
      const last = kept[feed]?.at(-1);
      const chainEnd = last ? last.time + HOUR_SECONDS : null;
      if (chainEnd === null) return archived;
      return archived === null ? chainEnd : Math.max(chainEnd, archived);
    },
    async candles(feed: PriceFeed, from: number, to: number): Promise<readonly Candle[]> {
      const kept = (await feeds())[feed] ?? [];
      const inWindow = kept.filter((c) => c.time >= from && c.time < to);
      const covers = kept[0] !== undefined && kept[0].time <= from;
      if (!covers) {
        const archived = await archive.candles(feed, from, to);
        if (archived.length >= inWindow.length) return archived;
      }
      if (inWindow.length > 0) {
        const key = `${from}:${to}`;
        fromOracle.set(key, Math.min(fromOracle.get(key) ?? Number.POSITIVE_INFINITY, inWindow[0]!.time));
      }
      return inWindow;
    },
    note(from, to) {
      const first = fromOracle.get(`${from}:${to}`);
      return first === undefined
        ? null
        : `prices from ${day(first)} UTC on are the chain's own oracle rounds (hourly open, high, low and close of what Aave's oracle answered), not exchange candles`;
    },
  };
}
