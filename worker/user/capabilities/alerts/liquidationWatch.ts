import type { Address, PublicClient } from "viem";
import type { ChainConfig } from "../../../../shared/chains";
import type { Liquidation } from "../../../../shared/schemas/ws";
import type { Outcome } from "../../../chain/upstreamOutcome";
import {
  describeLiquidation,
  MAX_LIQUIDATION_LOG_RANGE,
  readLiquidationCalls,
} from "../../../defi/aave/liquidations";
import type { AaveMarketSnapshot } from "../../../defi/aave/snapshots";
import type { Cached } from "../../../defi/portfolio/sources";

export interface LiquidationWatchHost {
  /** The object's key-value storage: a cursor per chain and wallet, and the liquidations already told. */
  kv: Pick<SyncKvStorage, "get" | "put">;
  chains(): ChainConfig[];
  client(chainId: number): PublicClient;
  aaveMarket(chainId: number): Promise<Outcome<Cached<AaveMarketSnapshot>>>;
  log(event: Record<string, unknown>): void;
}

export interface FoundLiquidation {
  chainId: number;
  liquidation: Liquidation;
}

const cursorKey = (chainId: number, user: Address) => `liquidations:cursor:${chainId}:${user.toLowerCase()}`;
const toldKey = (chainId: number, liquidation: Pick<Liquidation, "txHash" | "logIndex">) =>
  `liquidations:told:${chainId}:${liquidation.txHash.toLowerCase()}:${liquidation.logIndex}`;

export interface LiquidationScan {
  /** New liquidations, oldest first per chain. */
  found: FoundLiquidation[];
  /** Remembers them as told and moves the cursors: call right after telling (same synchronous turn). */
  commit(): void;
}

/**
 * Finds the Aave Pool's `LiquidationCall` events naming the watched wallet, each exactly once: per chain it
 * reads the logs from the block after the last one checked to the head (at most MAX_LIQUIDATION_LOG_RANGE
 * blocks; an older gap is skipped and logged); `commit` then remembers each by tx hash and log index, so a
 * retried or overlapping check never tells it twice. The first check of a wallet starts at the head: a
 * liquidation from before Vigil watched is history, not news. Kept in the object's KV storage (a cursor per
 * chain and the told keys), which commits together with the outbox entries written in the same turn.
 */
export class LiquidationWatch {
  constructor(private readonly host: LiquidationWatchHost) {}

  async scan(user: Address): Promise<LiquidationScan> {
    const found: FoundLiquidation[] = [];
    const cursors: [string, string][] = [];
    for (const chain of this.host.chains()) {
      if (!chain.aave) continue;
      try {
        const scanned = await this.scanChain(chain.chainId, chain.aave.pool, user);
        found.push(...scanned.found);
        cursors.push([cursorKey(chain.chainId, user), scanned.head.toString()]);
      } catch (error) {
        // The cursor stays: the next check reads the same range again.
        this.host.log({
          level: "warn",
          msg: "liquidation watch read failed",
          chainId: chain.chainId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return {
      found,
      commit: () => {
        for (const { chainId, liquidation } of found) {
          this.host.kv.put(toldKey(chainId, liquidation), liquidation.blockNumber);
        }
        for (const [key, head] of cursors) this.host.kv.put(key, head);
      },
    };
  }

  private async scanChain(
    chainId: number,
    pool: Address,
    user: Address,
  ): Promise<{ head: bigint; found: FoundLiquidation[] }> {
    const client = this.host.client(chainId);
    const head = await client.getBlockNumber();
    const stored = this.host.kv.get<string>(cursorKey(chainId, user));
    // A cursor past the head means the chain went back (a reorg deeper than us, or a reset devnet).
    if (stored === undefined || BigInt(stored) > head) return { head, found: [] };
    const last = BigInt(stored);
    let fromBlock = last + 1n;
    if (fromBlock > head) return { head, found: [] };
    if (head - fromBlock + 1n > MAX_LIQUIDATION_LOG_RANGE) {
      fromBlock = head - MAX_LIQUIDATION_LOG_RANGE + 1n;
      this.host.log({
        level: "warn",
        msg: "liquidation watch skipped blocks",
        chainId,
        from: String(last + 1n),
        to: String(fromBlock - 1n),
      });
    }
    const logs = await readLiquidationCalls({ client, pool, user, fromBlock, toBlock: head });
    const fresh = logs.filter((log) => this.host.kv.get(toldKey(chainId, log)) === undefined);
    if (fresh.length === 0) return { head, found: [] };
    const market = await this.host.aaveMarket(chainId);
    const found: FoundLiquidation[] = [];
    for (const log of fresh) {
      const block = await client.getBlock({ blockNumber: log.blockNumber });
      const snapshot = market.ok ? market.value.value : null;
      found.push({
        chainId,
        liquidation: describeLiquidation(log, snapshot, Number(block.timestamp) * 1000),
      });
    }
    return { head, found };
  }
}
