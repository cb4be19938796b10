import { encodeFunctionData, type Hex } from "viem";
import { settableAggregatorAbi } from "../abis/settableAggregator";
import { WRITE_GAS } from "../deploy/context";
import { usdToFeedAnswer } from "../deploy/market";
import { anvilRpc } from "../rpc";
import { devnetAccounts } from "../seed/accounts";
import type { DevnetSession } from "../session";
import type { ReplayPoint } from "./priceTrack";

const FEEDS = ["WETH", "wstETH", "LINK"] as const;
/** At most this many chain steps per wall-clock second; faster speeds move several hours per step. */
const MAX_STEPS_PER_SECOND = 10;

export interface ReplayProgress {
  point: ReplayPoint;
  index: number;
  total: number;
  chainTimestamp: bigint;
}

/**
 * Drives the price feeds through `track` at `hoursPerSecond` of history per wall-clock second. Each step sets the
 * three feeds, moves chain time forward by the history it covers and mines one block, so interest accrues
 * with the replayed time. Works on both automine and interval-mining devnets (evm_mine includes the pending
 * feed updates).
 */
export async function runReplay(
  session: DevnetSession,
  track: readonly ReplayPoint[],
  hoursPerSecond: number,
  onStep: (progress: ReplayProgress) => void | Promise<void>,
): Promise<void> {
  if (!(hoursPerSecond > 0)) throw new Error(`--speed must be a positive number of hours per second`);
  const hoursPerStep = Math.max(1, Math.ceil(hoursPerSecond / MAX_STEPS_PER_SECOND));
  const stepMs = (hoursPerStep / hoursPerSecond) * 1000;
  const signer = devnetAccounts.deployer;
  const wallet = session.clients.walletFor(signer.privateKey);
  const { publicClient } = session.clients;
  let nonce = await publicClient.getTransactionCount({ address: signer.address, blockTag: "pending" });
  const started = performance.now();
  let previousTime = track[0]?.time ?? 0;

  for (let i = 0; i < track.length; i += hoursPerStep) {
    const point = track[Math.min(i + hoursPerStep - 1, track.length - 1)] as ReplayPoint;
    const hashes: Hex[] = [];
    for (const symbol of FEEDS) {
      const data = encodeFunctionData({
        abi: settableAggregatorAbi,
        functionName: "setAnswer",
        args: [usdToFeedAnswer(point[symbol])],
      });
      hashes.push(
        await wallet.sendTransaction({
          to: session.info.reserves[symbol].aggregator,
          data,
          gas: WRITE_GAS,
          nonce: nonce++,
        }),
      );
    }
    const elapsed = point.time - previousTime;
    previousTime = point.time;
    if (elapsed > 0) await anvilRpc(session.rpcUrl, "evm_increaseTime", [elapsed]);
    await anvilRpc(session.rpcUrl, "evm_mine", []);
    for (const hash of hashes) {
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`replay: price update reverted (tx ${hash})`);
    }
    const block = await publicClient.getBlock({ blockTag: "latest" });
    await onStep({
      point,
      index: Math.min(i + hoursPerStep, track.length),
      total: track.length,
      chainTimestamp: block.timestamp,
    });
    const due = started + ((i + hoursPerStep) / hoursPerStep) * stepMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}
