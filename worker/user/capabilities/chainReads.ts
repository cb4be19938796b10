import { eq } from "drizzle-orm";
import { z } from "zod";
import {
  type AaveAccount,
  aaveAccountSchema,
  type EigenLayerAccount,
  eigenLayerAccountSchema,
  type StaleChain,
} from "../../../shared/schemas/portfolio";
import type { ChainStatus } from "../../../shared/schemas/watchStatus";
import type { UpstreamFailure } from "../../chain/upstreamOutcome";
import type { UserDb } from "../db";
import { chainReads } from "../tables/chainReads";

export interface ChainReadsHost {
  db: UserDb;
  now(): number;
}

/**
 * The last good data of a chain is written at most this often while the chain stays ok (it is also kept in memory):
 * a row per chain per 30 s re-read would cost a write for data that only matters once the chain fails.
 */
export const LAST_GOOD_CHECKPOINT_MS = 10 * 60_000;

interface LastGood {
  at: number;
  aave: AaveAccount | null;
  eigenLayer: EigenLayerAccount | null;
}

type Row = typeof chainReads.$inferSelect;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * How each chain's reads for this user went (table chain_reads): ok, or unavailable since when and until when it is
 * retried, with the last good accounts read there. One chain down is one chain down: its status and last good data
 * are what the user sees for it while the others are served fresh.
 */
export class ChainReadsStore {
  private readonly lastGood = new Map<number, LastGood>();

  constructor(private readonly host: ChainReadsHost) {}

  /** A fresh read of the chain succeeded. Writes only on a status change or a due checkpoint of the data. */
  succeeded(chainId: number, aave: AaveAccount | null, eigenLayer: EigenLayerAccount | null): void {
    const now = this.host.now();
    this.lastGood.set(chainId, { at: now, aave, eigenLayer });
    const row = this.row(chainId);
    const checkpointDue = row?.okAt == null || now - row.okAt.getTime() >= LAST_GOOD_CHECKPOINT_MS;
    if (row?.status === "ok" && !checkpointDue) return;
    const set = {
      status: "ok" as const,
      since: row?.status === "ok" ? row.since : new Date(now),
      attemptedAt: new Date(now),
      retryAt: null,
      reason: null,
      okAt: new Date(now),
      aave,
      eigenLayer,
    };
    this.upsert(chainId, set);
  }

  /** A read of the chain was served from cache: still ok, nothing to write unless it was unavailable. */
  stillOk(chainId: number): void {
    const row = this.row(chainId);
    if (!row || row.status === "ok") return;
    const now = new Date(this.host.now());
    this.upsert(chainId, { status: "ok", since: now, attemptedAt: now, retryAt: null, reason: null });
  }

  /** The chain's read failed (after the client's retries): unavailable since the first failure in a row. */
  failed(chainId: number, failure: UpstreamFailure): void {
    const now = this.host.now();
    const row = this.row(chainId);
    const memory = this.lastGood.get(chainId);
    // Keep the newest last good data: memory may be newer than the last checkpoint.
    const keep =
      memory && (row?.okAt == null || memory.at > row.okAt.getTime())
        ? { okAt: new Date(memory.at), aave: memory.aave, eigenLayer: memory.eigenLayer }
        : {};
    this.upsert(chainId, {
      status: "unavailable",
      since: row?.status === "unavailable" ? row.since : new Date(now),
      attemptedAt: new Date(now),
      retryAt: new Date(now + failure.retryAfterSeconds * 1000),
      reason: failure.message,
      ...keep,
    });
  }

  /** The chains' statuses, in the given order; a chain never read yet is reported ok from now (nothing failed). */
  statuses(chainIds: readonly number[]): ChainStatus[] {
    const now = this.host.now();
    return chainIds.map((chainId) => {
      const row = this.row(chainId);
      if (!row) return { chainId, status: "ok", since: iso(now), dataAsOf: null };
      const okAt = Math.max(this.lastGood.get(chainId)?.at ?? 0, row.okAt?.getTime() ?? 0) || null;
      return {
        chainId,
        status: row.status,
        since: row.since.toISOString(),
        ...(row.retryAt ? { retryAt: row.retryAt.toISOString() } : {}),
        ...(row.reason ? { reason: row.reason } : {}),
        dataAsOf: okAt === null ? null : iso(okAt),
      };
    });
  }

  /** The last good data of an unavailable chain, or null when none was ever read. */
  stale(chainId: number): StaleChain | null {
    const memory = this.lastGood.get(chainId);
    if (memory) {
      return { chainId, dataAsOf: iso(memory.at), aave: memory.aave, eigenLayer: memory.eigenLayer };
    }
    const row = this.row(chainId);
    if (!row?.okAt) return null;
    const aave = aaveAccountSchema.nullable().safeParse(row.aave ?? null);
    const eigenLayer = eigenLayerAccountSchema.nullable().safeParse(row.eigenLayer ?? null);
    if (!aave.success || !eigenLayer.success) return null;
    return { chainId, dataAsOf: row.okAt.toISOString(), aave: aave.data, eigenLayer: eigenLayer.data };
  }

  /** Chain ids currently unavailable. */
  unavailable(): number[] {
    return this.host.db
      .select({ chainId: chainReads.chainId })
      .from(chainReads)
      .where(eq(chainReads.status, "unavailable"))
      .all()
      .map((r) => r.chainId);
  }

  private row(chainId: number): Row | undefined {
    const row = this.host.db.select().from(chainReads).where(eq(chainReads.chainId, chainId)).get();
    return row && statusSchema.safeParse(row.status).success ? row : undefined;
  }

  private upsert(chainId: number, set: Omit<typeof chainReads.$inferInsert, "chainId">): void {
    this.host.db
      .insert(chainReads)
      .values({ chainId, ...set })
      .onConflictDoUpdate({ target: chainReads.chainId, set })
      .run();
  }
}

const statusSchema = z.enum(["ok", "unavailable"]);
