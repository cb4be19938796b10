import { formatUnits } from "viem";
import { aggregatorAbi } from "../../shared/abis/aggregator";
import { devnetDeployment } from "../../shared/chains/devnet";
import { loadCandles, loadStethEth } from "../../shared/prices/loadCandles.node.js";
import { resolvePricesDir } from "../../shared/prices/pricesDir.node.js";
import { accountData } from "../actions/accountData";
import { anchorTrack, buildPriceTrack, parseReplayTime } from "../replay/priceTrack";
import { runReplay } from "../replay/runReplay";
import { devnetAccounts } from "../seed/accounts";
import { type DevnetSession, devnetSession } from "../session";
import { formatHealthFactor } from "./format";

async function currentPrices(session: DevnetSession) {
  const read = async (symbol: "WETH" | "wstETH" | "LINK") =>
    Number(
      formatUnits(
        await session.clients.publicClient.readContract({
          address: session.info.reserves[symbol].aggregator,
          abi: aggregatorAbi,
          functionName: "latestAnswer",
        }),
        8,
      ),
    );
  return { WETH: await read("WETH"), wstETH: await read("wstETH"), LINK: await read("LINK") };
}

/** `replay <from> <to> [--speed H] [--prices DIR]`: real price history through the devnet's feeds. */
export async function replayCommand(options: {
  rpcUrl: string;
  from: string;
  to: string;
  speed: number;
  pricesDir?: string;
  relative: boolean;
}): Promise<void> {
  const dir = resolvePricesDir({ cliDir: options.pricesDir });
  const from = parseReplayTime(options.from);
  const to = parseReplayTime(options.to);
  const history = buildPriceTrack(
    loadCandles(dir, "ETH"),
    loadCandles(dir, "LINK"),
    loadStethEth(dir),
    from,
    to,
  );
  const session = devnetSession(options.rpcUrl, devnetDeployment);
  const track = options.relative ? anchorTrack(history, await currentPrices(session)) : history;
  const seconds = track.length / options.speed;
  console.log(
    `replaying ${track.length} hours (${options.from} -> ${options.to}) from ${dir} at ${options.speed} h/s (~${seconds.toFixed(0)} s)`,
  );
  let lastPrint = 0;
  await runReplay(session, track, options.speed, async (p) => {
    const now = performance.now();
    if (now - lastPrint < 1000 && p.index < p.total) return;
    lastPrint = now;
    const hf = await accountData(session, devnetAccounts.nearLiquidation.address);
    console.log(
      `${new Date(p.point.time * 1000).toISOString().slice(0, 16)}Z  ETH $${p.point.WETH.toFixed(2)}  ` +
        `wstETH $${p.point.wstETH.toFixed(2)}  LINK $${p.point.LINK.toFixed(3)}  ` +
        `nearLiquidation HF ${formatHealthFactor(hf.healthFactor)}  [${Math.round((100 * p.index) / p.total)}%]`,
    );
  });
  console.log("replay done");
}
