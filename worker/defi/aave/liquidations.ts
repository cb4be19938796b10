import { type Address, formatUnits, type Hash, type Log, type PublicClient, parseEventLogs } from "viem";
import { baseToUsd } from "../../../shared/aave";
import { poolAbi } from "../../../shared/abis/pool";
import type { Liquidation } from "../../../shared/schemas/ws";
import type { AaveMarketSnapshot } from "./snapshots";

/** Most blocks one `eth_getLogs` asks for: public RPCs refuse wider ranges (10 000 is a common cap). */
export const MAX_LIQUIDATION_LOG_RANGE = 5_000n;

const liquidationCallEvent = poolAbi.find(
  (item): item is Extract<(typeof poolAbi)[number], { type: "event"; name: "LiquidationCall" }> =>
    item.type === "event" && item.name === "LiquidationCall",
)!;

export interface LiquidationCallLog {
  txHash: Hash;
  logIndex: number;
  blockNumber: bigint;
  collateralAsset: Address;
  debtAsset: Address;
  debtToCover: bigint;
  liquidatedCollateralAmount: bigint;
  liquidator: Address;
}

/**
 * The Pool's `LiquidationCall` events naming `user` in [fromBlock, toBlock], oldest first: one `eth_getLogs`
 * filtered on the indexed `user` topic, so the node returns only this user's liquidations.
 */
export async function readLiquidationCalls(params: {
  client: PublicClient;
  pool: Address;
  user: Address;
  fromBlock: bigint;
  toBlock: bigint;
}): Promise<LiquidationCallLog[]> {
  const logs = await params.client.getLogs({
    address: params.pool,
    event: liquidationCallEvent,
    args: { user: params.user },
    fromBlock: params.fromBlock,
    toBlock: params.toBlock,
    strict: true,
  });
  return logs
    .flatMap((log) =>
      log.transactionHash === null || log.logIndex === null || log.blockNumber === null
        ? [] // pending logs have no position yet; the next check sees them mined
        : [
            {
              txHash: log.transactionHash,
              logIndex: log.logIndex,
              blockNumber: log.blockNumber,
              collateralAsset: log.args.collateralAsset,
              debtAsset: log.args.debtAsset,
              debtToCover: log.args.debtToCover,
              liquidatedCollateralAmount: log.args.liquidatedCollateralAmount,
              liquidator: log.args.liquidator,
            },
          ],
    )
    .sort((a, b) =>
      a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
    );
}

/** Whether a transaction's logs hold a `LiquidationCall` of `pool` naming `user` (a receipt still saying so). */
export function namesLiquidationOf(logs: readonly Log[], pool: Address, user: Address): boolean {
  return parseEventLogs({ abi: [liquidationCallEvent], logs: [...logs], strict: true }).some(
    (log) =>
      log.address.toLowerCase() === pool.toLowerCase() && log.args.user.toLowerCase() === user.toLowerCase(),
  );
}

/**
 * A liquidation in a borrower's terms: token amounts and USD at the market's oracle prices (Aave's own), and the
 * bonus the user lost (collateral seized − debt repaid). Aave's protocol fee, when a market sets one, goes to
 * the treasury on top of the seized amount and is not counted here.
 */
export function describeLiquidation(
  log: LiquidationCallLog,
  market: AaveMarketSnapshot | null,
  blockTimestampMs: number,
): Liquidation {
  const amount = (asset: Address, raw: bigint) => {
    const reserve = market?.reserves.find((r) => r.underlyingAsset.toLowerCase() === asset.toLowerCase());
    if (!reserve || !market) return { symbol: "unknown token", asset, amount: raw.toString(), usd: null };
    const decimals = Number(reserve.decimals);
    const whole = formatUnits(raw, decimals);
    const priceUsd = baseToUsd(reserve.priceInMarketReferenceCurrency, market.baseCurrency);
    return { symbol: reserve.symbol, asset, amount: whole, usd: Number(whole) * priceUsd };
  };
  const collateralSeized = amount(log.collateralAsset, log.liquidatedCollateralAmount);
  const debtRepaid = amount(log.debtAsset, log.debtToCover);
  return {
    txHash: log.txHash,
    logIndex: log.logIndex,
    blockNumber: log.blockNumber.toString(),
    at: blockTimestampMs,
    collateralSeized,
    debtRepaid,
    bonusUsd:
      collateralSeized.usd === null || debtRepaid.usd === null ? null : collateralSeized.usd - debtRepaid.usd,
    liquidator: log.liquidator,
  };
}
