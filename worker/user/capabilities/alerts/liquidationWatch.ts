import {
  type Address,
  BlockNotFoundError,
  type PublicClient,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
} from "viem";
import { z } from "zod";
import type { ChainConfig } from "../../../../shared/chains";
import { type Liquidation, liquidationSchema } from "../../../../shared/schemas/ws";
import { REORG_WINDOW_BLOCKS } from "../../../chain/headAge";
import type { Outcome } from "../../../chain/upstreamOutcome";
import {
  describeLiquidation,
  MAX_LIQUIDATION_LOG_RANGE,
  namesLiquidationOf,
  readLiquidationCalls,
} from "../../../defi/aave/liquidations";
import type { AaveMarketSnapshot } from "../../../defi/aave/snapshots";
import type { Cached } from "../../../defi/portfolio/sources";

export interface LiquidationWatchHost {
  /** The object's key-value storage: a cursor per chain and wallet, and the liquidations already told. */
  kv: Pick<SyncKvStorage, "get" | "put" | "delete">;
  chains(): ChainConfig[];
  client(chainId: number): PublicClient;
  aaveMarket(chainId: number): Promise<Outcome<Cached<AaveMarketSnapshot>>>;
  log(event: Record<string, unknown>): void;
  /** Log ranges read per chain per check while catching up (default MAX_CATCH_UP_RANGES). */
  catchUpRanges?: number;
  /** Blocks per eth_getLogs (default MAX_LIQUIDATION_LOG_RANGE, what providers accept). */
  logRange?: bigint;
}

export interface FoundLiquidation {
  chainId: number;
  liquidation: Liquidation;
}

const cursorKey = (chainId: number, user: Address) => `liquidations:cursor:${chainId}:${user.toLowerCase()}`;
/**
 * A liquidation's identity for telling is its transaction, not its log position: a reorganisation that re-mines the
 * same transaction (in another block, after other logs) moves its log index but not what happened. The value is
 * how many of the wallet's liquidations in that transaction were told (one, but for a bot liquidating twice in one
 * transaction).
 */
const toldTxKey = (chainId: number, txHash: string) =>
  `liquidations:toldTx:${chainId}:${txHash.toLowerCase()}`;
/** The key of older objects (by log index): still honoured, so nothing told before is told again. */
const legacyToldKey = (chainId: number, liquidation: Pick<Liquidation, "txHash" | "logIndex">) =>
  `liquidations:told:${chainId}:${liquidation.txHash.toLowerCase()}:${liquidation.logIndex}`;
const toldCountSchema = z.number().int().nonnegative();

const recentKey = (chainId: number, user: Address) => `liquidations:recent:${chainId}:${user.toLowerCase()}`;
const recentSchema = z.array(liquidationSchema);

/** Blocks below the cursor each scan reads again (see scanChain). */
const RESCAN_BLOCKS = BigInt(REORG_WINDOW_BLOCKS);
/**
 * A liquidation told is looked at again (its transaction's receipt) at every scan until its block is this deep:
 * a reorganisation that drops it before then is told as undone.
 */
export const LIQUIDATION_CONFIRM_BLOCKS = BigInt(REORG_WINDOW_BLOCKS);

/** Log ranges (of MAX_LIQUIDATION_LOG_RANGE blocks) one check reads per chain while catching up on a gap. */
export const MAX_CATCH_UP_RANGES = 8;

export interface LiquidationScan {
  /** New liquidations, oldest first per chain. */
  found: FoundLiquidation[];
  /**
   * Liquidations told earlier whose transaction the chain no longer has as a successful liquidation of the wallet
   * (a reorganisation dropped it): the user must hear that it did not happen.
   */
  retracted: FoundLiquidation[];
  /**
   * Every chain was read up to its head. False when a chain's read failed or a gap is still being caught up:
   * a liquidation may be waiting in the blocks not read yet, so nothing may be said to be over.
   */
  complete: boolean;
  /** Remembers them as told and moves the cursors: call right after telling (same synchronous turn). */
  commit(): void;
}

/**
 * Finds the Aave Pool's `LiquidationCall` events naming the watched wallet, each exactly once: per chain it
 * reads the logs from the block after the last one checked towards the head, MAX_LIQUIDATION_LOG_RANGE blocks
 * per request and at most MAX_CATCH_UP_RANGES requests per check (a longer gap is read over the next checks,
 * never skipped); `commit` then remembers each by its transaction, so a retried or overlapping check, or a
 * reorganisation that re-mines the same transaction under a new log index, never tells it twice. The first check
 * of a wallet starts at the head: a liquidation from before Vigil watched is history, not news. Kept in the
 * object's KV storage (a cursor per chain and the told keys), which commits together with the outbox entries
 * written in the same turn.
 */
export class LiquidationWatch {
  constructor(private readonly host: LiquidationWatchHost) {}

  async scan(user: Address): Promise<LiquidationScan> {
    const found: FoundLiquidation[] = [];
    const retracted: FoundLiquidation[] = [];
    const cursors: [string, string][] = [];
    const recents: [string, Liquidation[]][] = [];
    let complete = true;
    for (const chain of this.host.chains()) {
      if (!chain.aave) continue;
      try {
        const scanned = await this.scanChain(chain.chainId, chain.aave.pool, user);
        found.push(...scanned.found);
        retracted.push(...scanned.retracted.map((liquidation) => ({ chainId: chain.chainId, liquidation })));
        cursors.push([cursorKey(chain.chainId, user), scanned.readTo.toString()]);
        recents.push([
          recentKey(chain.chainId, user),
          [...scanned.unconfirmed, ...scanned.found.map((f) => f.liquidation)],
        ]);
        if (scanned.readTo < scanned.head) complete = false;
      } catch (error) {
        // The cursor stays: the next check reads the same range again.
        complete = false;
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
      retracted,
      complete,
      commit: () => {
        for (const { chainId, liquidation } of found) {
          const key = toldTxKey(chainId, liquidation.txHash);
          this.host.kv.put(key, this.toldCount(chainId, liquidation.txHash) + 1);
        }
        // Undone: should the chain include it again, it is news again.
        for (const { chainId, liquidation } of retracted) {
          this.host.kv.delete(toldTxKey(chainId, liquidation.txHash));
          this.host.kv.delete(legacyToldKey(chainId, liquidation));
        }
        for (const [key, head] of cursors) this.host.kv.put(key, head);
        for (const [key, list] of recents) {
          if (list.length > 0) this.host.kv.put(key, list);
          else this.host.kv.delete(key);
        }
      },
    };
  }

  /** Whether the node still has the transaction (pending again, or mined since the receipt was asked for). */
  private async stillKnown(client: PublicClient, hash: `0x${string}`): Promise<boolean> {
    return client.getTransaction({ hash }).then(
      () => true,
      (error: unknown) => {
        if (error instanceof TransactionNotFoundError) return false;
        throw error;
      },
    );
  }

  /** How many of the wallet's liquidations in transaction `txHash` were told (0: none, or it was undone). */
  private toldCount(chainId: number, txHash: string): number {
    const told = toldCountSchema.safeParse(this.host.kv.get(toldTxKey(chainId, txHash)) ?? 0);
    // Unreadable: taken as told once, so a liquidation is not told twice; a second one in the same transaction
    // would go untold, which is the smaller harm.
    return told.success ? told.data : 1;
  }

  private async scanChain(
    chainId: number,
    pool: Address,
    user: Address,
  ): Promise<{
    head: bigint;
    readTo: bigint;
    found: FoundLiquidation[];
    retracted: Liquidation[];
    unconfirmed: Liquidation[];
  }> {
    const client = this.host.client(chainId);
    const head = await client.getBlockNumber();
    // Liquidations told but not yet LIQUIDATION_CONFIRM_BLOCKS deep: still on the chain as told?
    const retracted: Liquidation[] = [];
    const unconfirmed: Liquidation[] = [];
    const recent = recentSchema.safeParse(this.host.kv.get(recentKey(chainId, user)) ?? []);
    for (const told of recent.success ? recent.data : []) {
      const receipt = await client
        .getTransactionReceipt({ hash: told.txHash as `0x${string}` })
        .catch((error: unknown) => {
          if (error instanceof TransactionReceiptNotFoundError) return null;
          throw error;
        });
      if (receipt === null) {
        // No receipt: undone only if the node answering has the liquidation's block without it. A node that
        // has not reached that block yet (a lagging one) says nothing: asked again at the next scan.
        const block = await client
          .getBlock({ blockNumber: BigInt(told.blockNumber) })
          .catch((error: unknown) => {
            if (error instanceof BlockNotFoundError) return null;
            throw error;
          });
        const hash = told.txHash.toLowerCase();
        if (block === null || block.transactions.some((tx) => tx.toLowerCase() === hash))
          unconfirmed.push(told);
        // Back in the node's pool after the reorganisation: it may well be mined again (the same liquidation), so
        // it is not called undone while it waits; only once the node no longer has it at all.
        else if (await this.stillKnown(client, told.txHash as `0x${string}`)) unconfirmed.push(told);
        else retracted.push(told);
      } else if (receipt.status !== "success" || !namesLiquidationOf(receipt.logs, pool, user)) {
        // Mined again over other state, where it reverted or liquidated someone else: it did not happen.
        retracted.push(told);
      } else if (head - BigInt(receipt.blockNumber) < LIQUIDATION_CONFIRM_BLOCKS) {
        unconfirmed.push(told);
      }
    }
    const stored = this.host.kv.get<string>(cursorKey(chainId, user));
    // A cursor past the head means the chain went back (a reorg deeper than us, or a reset devnet).
    if (stored === undefined) return { head, readTo: head, found: [], retracted, unconfirmed };
    // Re-read RESCAN_BLOCKS below the cursor (or below the head, when the cursor is past it): a node whose head was
    // briefly ahead of its logs, or a reorg, may have moved the cursor past blocks never read. Told keys keep each
    // liquidation to one telling.
    const cursor = BigInt(stored) < head ? BigInt(stored) : head;
    const last = cursor > RESCAN_BLOCKS ? cursor - RESCAN_BLOCKS : -1n;
    // Oldest first, one range at a time: a gap (the object slept, or a read failed) is read over several checks.
    const logs: Awaited<ReturnType<typeof readLiquidationCalls>> = [];
    let readTo = last;
    const ranges = this.host.catchUpRanges ?? MAX_CATCH_UP_RANGES;
    const logRange = this.host.logRange ?? MAX_LIQUIDATION_LOG_RANGE;
    for (let range = 0; range < ranges && readTo < head; range++) {
      const fromBlock = readTo + 1n;
      const end = fromBlock + logRange - 1n;
      const toBlock = end < head ? end : head;
      logs.push(...(await readLiquidationCalls({ client, pool, user, fromBlock, toBlock })));
      readTo = toBlock;
    }
    if (readTo < head)
      this.host.log({
        level: "info",
        msg: "liquidation watch catching up",
        chainId,
        readTo: String(readTo),
        head: String(head),
      });
    // Per transaction, its logs in order: the first `told` of them were told (under whatever log index then).
    const seen = new Map<string, number>();
    const fresh = logs.filter((log) => {
      const ordinal = seen.get(log.txHash.toLowerCase()) ?? 0;
      seen.set(log.txHash.toLowerCase(), ordinal + 1);
      return (
        ordinal >= this.toldCount(chainId, log.txHash) &&
        this.host.kv.get(legacyToldKey(chainId, log)) === undefined
      );
    });
    if (fresh.length === 0) return { head, readTo, found: [], retracted, unconfirmed };
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
    return { head, readTo, found, retracted, unconfirmed };
  }
}
