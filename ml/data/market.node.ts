import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadCandles, loadStethEth } from "../../shared/prices/loadCandles.node.js";
import { CANDLE_FILES, STETH_ETH_FILE } from "../../shared/prices/types";
import { buildMarketData, type MarketData } from "./market";

/** Loads whatever a prices directory holds (ETH is required; LINK, BTC and stETH/ETH are used when present). */
export function loadMarketData(dir: string): MarketData {
  const has = (file: string) => existsSync(join(dir, file));
  return buildMarketData({
    ETH: loadCandles(dir, "ETH"),
    LINK: has(CANDLE_FILES.LINK) ? loadCandles(dir, "LINK") : undefined,
    BTC: has(CANDLE_FILES.BTC) ? loadCandles(dir, "BTC") : undefined,
    stethEth: has(STETH_ETH_FILE) ? loadStethEth(dir) : undefined,
  });
}
