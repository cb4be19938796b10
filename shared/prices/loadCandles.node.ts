import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PriceDataError, parseCandlesCsv, parseStethEthCsv } from "./parseCsv";
import { CANDLE_FILES, type Candle, type PriceSymbol, STETH_ETH_FILE, type StethEthPoint } from "./types";

function readPriceFile(dir: string, file: string): { text: string; path: string } {
  const path = join(dir, file);
  if (!existsSync(path)) throw new PriceDataError(`missing file (expected ${file} in ${dir})`, path);
  return { text: readFileSync(path, "utf8"), path };
}

/** Hourly candles for one asset from a prices directory: ascending, validated, gaps left as gaps. */
export function loadCandles(dir: string, symbol: PriceSymbol): Candle[] {
  const { text, path } = readPriceFile(dir, CANDLE_FILES[symbol]);
  return parseCandlesCsv(text, path);
}

/** The stETH/ETH feed (roughly daily oracle rounds), ascending. */
export function loadStethEth(dir: string): StethEthPoint[] {
  const { text, path } = readPriceFile(dir, STETH_ETH_FILE);
  return parseStethEthCsv(text, path);
}
