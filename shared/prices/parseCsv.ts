import type { Candle, StethEthPoint } from "./types";

/** Thrown when a price file is malformed; `line` is 1-based and points at the offending row. */
export class PriceDataError extends Error {
  override readonly name = "PriceDataError";
  constructor(
    message: string,
    readonly source: string,
    readonly line?: number,
  ) {
    super(line === undefined ? `${source}: ${message}` : `${source}:${line}: ${message}`);
  }
}

function splitRows(text: string): string[] {
  return text.split(/\r?\n/).filter((row) => row.trim() !== "");
}

function columnIndex(header: string[], name: string, source: string): number {
  const index = header.indexOf(name);
  if (index < 0)
    throw new PriceDataError(`missing column "${name}" (header: ${header.join(",")})`, source, 1);
  return index;
}

function parseNumber(raw: string | undefined, what: string, source: string, line: number): number {
  const value = Number(raw);
  if (raw === undefined || raw.trim() === "" || !Number.isFinite(value)) {
    throw new PriceDataError(`${what} is not a number: "${raw ?? ""}"`, source, line);
  }
  return value;
}

/**
 * Parses an hourly OHLC CSV (`time,open,high,low,close[,volume]`, unix seconds) and validates it:
 * strictly ascending whole-hour times, positive prices, low ≤ open/close ≤ high. Gaps are kept as gaps.
 */
export function parseCandlesCsv(text: string, source = "candles"): Candle[] {
  const rows = splitRows(text);
  const header = (rows[0] ?? "").split(",").map((cell) => cell.trim().toLowerCase());
  const col = {
    time: columnIndex(header, "time", source),
    open: columnIndex(header, "open", source),
    high: columnIndex(header, "high", source),
    low: columnIndex(header, "low", source),
    close: columnIndex(header, "close", source),
  };
  const candles: Candle[] = [];
  for (let i = 1; i < rows.length; i++) {
    const line = i + 1;
    const cells = rows[i]!.split(",");
    const candle: Candle = {
      time: parseNumber(cells[col.time], "time", source, line),
      open: parseNumber(cells[col.open], "open", source, line),
      high: parseNumber(cells[col.high], "high", source, line),
      low: parseNumber(cells[col.low], "low", source, line),
      close: parseNumber(cells[col.close], "close", source, line),
    };
    validateCandle(candle, candles[candles.length - 1], source, line);
    candles.push(candle);
  }
  if (candles.length === 0) throw new PriceDataError("no candles", source);
  return candles;
}

export function validateCandle(candle: Candle, previous: Candle | undefined, source: string, line?: number) {
  if (!Number.isInteger(candle.time) || candle.time % 3600 !== 0) {
    throw new PriceDataError(`time ${candle.time} is not a whole UTC hour in unix seconds`, source, line);
  }
  if (!(candle.low > 0)) throw new PriceDataError(`low must be > 0, got ${candle.low}`, source, line);
  if (candle.low > Math.min(candle.open, candle.close) || candle.high < Math.max(candle.open, candle.close)) {
    throw new PriceDataError("expected low ≤ open, close ≤ high", source, line);
  }
  if (previous && candle.time <= previous.time) {
    throw new PriceDataError(
      `time ${candle.time} is not after the previous row (${previous.time})`,
      source,
      line,
    );
  }
}

/** Parses the stETH/ETH feed (`time,price`, ascending, price in ETH per stETH, plausibly near 1). */
export function parseStethEthCsv(text: string, source = "steth_eth"): StethEthPoint[] {
  const rows = splitRows(text);
  const header = (rows[0] ?? "").split(",").map((cell) => cell.trim().toLowerCase());
  const timeCol = columnIndex(header, "time", source);
  const priceCol = columnIndex(header, "price", source);
  const points: StethEthPoint[] = [];
  for (let i = 1; i < rows.length; i++) {
    const line = i + 1;
    const cells = rows[i]!.split(",");
    const point = {
      time: parseNumber(cells[timeCol], "time", source, line),
      price: parseNumber(cells[priceCol], "price", source, line),
    };
    if (!(point.price > 0.5 && point.price < 1.5)) {
      throw new PriceDataError(`stETH/ETH ${point.price} is implausible`, source, line);
    }
    const previous = points[points.length - 1];
    if (previous && point.time <= previous.time) {
      throw new PriceDataError(
        `time ${point.time} is not after the previous row (${previous.time})`,
        source,
        line,
      );
    }
    points.push(point);
  }
  if (points.length === 0) throw new PriceDataError("no rows", source);
  return points;
}

/** Serializes candles back to the directory's CSV format (used by the downloader's cache). */
export function candlesToCsv(candles: readonly Candle[], volumes?: readonly number[]): string {
  const lines = ["time,open,high,low,close,volume"];
  candles.forEach((c, i) => {
    lines.push(`${c.time},${c.open},${c.high},${c.low},${c.close},${volumes?.[i] ?? 0}`);
  });
  return `${lines.join("\n")}\n`;
}

export function stethEthToCsv(points: readonly StethEthPoint[]): string {
  return `${["time,price", ...points.map((p) => `${p.time},${p.price}`)].join("\n")}\n`;
}
