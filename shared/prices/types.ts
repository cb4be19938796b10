/** One hourly candle, UTC. `time` is the candle's open in unix seconds. */
export interface Candle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

/** One stETH/ETH oracle round (Chainlink, roughly daily). `price` is ETH per stETH. */
export interface StethEthPoint {
  time: number;
  price: number;
}

/** The volatile assets we have hourly history for. Everything else is derived (WETH, stETH) or pegged (stables). */
export const PRICE_SYMBOLS = ["ETH", "LINK", "BTC"] as const;
export type PriceSymbol = (typeof PRICE_SYMBOLS)[number];

/** File names inside a prices directory: the same names as ../shared/data/prices (see its SOURCES.md). */
export const CANDLE_FILES: Record<PriceSymbol, string> = {
  ETH: "eth_usdt_1h.csv",
  LINK: "link_usdt_1h.csv",
  BTC: "btc_usdt_1h.csv",
};
export const STETH_ETH_FILE = "steth_eth_chainlink_1d.csv";

export const HOUR_SECONDS = 3600;
