import { anvilRpc } from "../rpc";
import type { DevnetSession } from "../session";

/** Moves chain time forward and mines a block, so interest accrues and `block.timestamp` jumps. */
export async function advanceTime(session: DevnetSession, seconds: number): Promise<bigint> {
  if (!Number.isInteger(seconds) || seconds <= 0)
    throw new Error(`seconds must be a positive integer, got ${seconds}`);
  await anvilRpc(session.rpcUrl, "evm_increaseTime", [seconds]);
  await anvilRpc(session.rpcUrl, "evm_mine", []);
  const block = await session.clients.publicClient.getBlock({ blockTag: "latest" });
  return block.timestamp;
}
