// `npm run prices:download [-- --to YYYY-MM-DD] [--rpc URL]`: fills .cache/prices with the same hourly candles as
// ../shared/data/prices, fetched from Binance's public market-data API, for users outside the team environment.
// stETH/ETH comes from the Chainlink feed through an Ethereum JSON-RPC endpoint (ETH_RPC_URL or --rpc); without one
// that file is skipped and stETH positions are priced at ETH × 1 (see docs/risk-model.md).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createPublicClient, http, parseAbi } from "viem";
import { mainnet } from "viem/chains";
import {
  BINANCE_KLINES_LIMIT,
  binanceKlinesUrl,
  parseBinanceKlines,
} from "../../shared/prices/binanceKlines";
import { candlesToCsv, stethEthToCsv } from "../../shared/prices/parseCsv";
import { PRICES_CACHE_DIR } from "../../shared/prices/pricesDir.node.js";
import {
  CANDLE_FILES,
  type Candle,
  HOUR_SECONDS,
  PRICE_SYMBOLS,
  STETH_ETH_FILE,
  type StethEthPoint,
} from "../../shared/prices/types";

const FIRST_HOUR: Record<(typeof PRICE_SYMBOLS)[number], string> = {
  ETH: "2017-08-17",
  LINK: "2019-01-16",
  BTC: "2022-01-01",
};
/** Chainlink stETH/ETH proxy on Ethereum mainnet (the feed ../shared/data/prices was built from). */
const STETH_ETH_FEED = "0x86392dC19c0b719886221c78AB11eb8Cf5c52812";

const { values: args } = parseArgs({
  options: {
    to: { type: "string", default: "2024-01-01" },
    out: { type: "string", default: PRICES_CACHE_DIR },
    rpc: { type: "string" },
  },
});

async function downloadCandles(pair: string, fromSec: number, toSec: number) {
  const candles: Candle[] = [];
  const volumes: number[] = [];
  let cursor = fromSec;
  while (cursor < toSec) {
    const url = binanceKlinesUrl(pair, cursor * 1000);
    const response = await fetch(url).catch((cause: unknown) => {
      throw new Error(
        `${pair}: cannot reach ${new URL(url).origin} (${cause instanceof Error ? cause.message : cause}). ` +
          "Without network, point --prices or VIGIL_PRICES_DIR at a prices directory instead.",
      );
    });
    if (!response.ok) throw new Error(`${pair}: HTTP ${response.status} ${await response.text()}`);
    const page = parseBinanceKlines(await response.json(), pair);
    const after = candles.at(-1)?.time ?? -1;
    let fresh = 0;
    page.candles.forEach((candle, i) => {
      if (candle.time >= toSec || candle.time <= after) return;
      candles.push(candle);
      volumes.push(page.volumes[i]!);
      fresh++;
    });
    process.stderr.write(`\r${pair} ${new Date((candles.at(-1)?.time ?? cursor) * 1000).toISOString()}`);
    if (page.candles.length < BINANCE_KLINES_LIMIT || fresh === 0) break;
    cursor = candles.at(-1)!.time + HOUR_SECONDS;
  }
  process.stderr.write("\n");
  return { candles, volumes };
}

async function downloadStethEth(rpc: string, fromSec: number, toSec: number): Promise<StethEthPoint[]> {
  const client = createPublicClient({ chain: mainnet, transport: http(rpc) });
  const abi = parseAbi([
    "function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)",
    "function getRoundData(uint80) view returns (uint80, int256, uint256, uint256, uint80)",
  ]);
  const points: StethEthPoint[] = [];
  let [roundId] = await client.readContract({
    address: STETH_ETH_FEED,
    abi,
    functionName: "latestRoundData",
  });
  // Walk back round by round (about one a day) until before `fromSec` or the start of the current phase.
  while (roundId > 0n) {
    const round = await client
      .readContract({ address: STETH_ETH_FEED, abi, functionName: "getRoundData", args: [roundId] })
      .catch(() => undefined);
    if (!round || round[3] === 0n) break;
    const time = Number(round[3]);
    if (time < fromSec) break;
    if (time < toSec) points.unshift({ time, price: Number(round[1]) / 1e18 });
    roundId -= 1n;
  }
  return points;
}

async function main() {
  const toSec = Date.parse(`${args.to}T00:00:00Z`) / 1000;
  mkdirSync(args.out, { recursive: true });
  for (const symbol of PRICE_SYMBOLS) {
    const fromSec = Date.parse(`${FIRST_HOUR[symbol]}T00:00:00Z`) / 1000;
    const { candles, volumes } = await downloadCandles(`${symbol}USDT`, fromSec, toSec);
    writeFileSync(join(args.out, CANDLE_FILES[symbol]), candlesToCsv(candles, volumes));
    console.log(`${CANDLE_FILES[symbol]}: ${candles.length} candles`);
  }
  const rpc = args.rpc ?? process.env.ETH_RPC_URL;
  if (rpc) {
    const points = await downloadStethEth(rpc, Date.parse("2022-01-01T00:00:00Z") / 1000, toSec);
    writeFileSync(join(args.out, STETH_ETH_FILE), stethEthToCsv(points));
    console.log(`${STETH_ETH_FILE}: ${points.length} rounds`);
  } else {
    console.warn(
      `skipped ${STETH_ETH_FILE}: set ETH_RPC_URL or pass --rpc to read the Chainlink stETH/ETH feed`,
    );
  }
  console.log(`prices cached in ${args.out}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
