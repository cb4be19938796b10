import { desc, gt, lte, max } from "drizzle-orm";
import { z } from "zod";
import type { UserDb } from "../db";
import { outbox } from "../tables/outbox";

export interface OutboxHost {
  db: UserDb;
  now(): number;
}

/** What a message payload may hold: JSON, so it survives storage, RPC and the WebSocket unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A stored server→client message. The real-time issue defines the typed protocol on top of `type`/`payload`. */
export interface OutboxEntry {
  seq: number;
  type: string;
  payload: JsonValue;
  createdAt: string;
}

export interface OutboxPage {
  entries: OutboxEntry[];
  /** True when messages after `afterSeq` were already dropped: the client must resync. */
  truncated: boolean;
  latestSeq: number;
}

/** Keeps the newest messages only; an offline client older than this resyncs instead of replaying. */
export const OUTBOX_CAPACITY = 500;

const typeSchema = z.string().min(1).max(64);

/** Messages for the user's clients, numbered per user, kept for replay on reconnect (table outbox). */
export class OutboxCapability {
  constructor(private readonly host: OutboxHost) {}

  append(type: string, payload: JsonValue): OutboxEntry {
    const row = this.host.db
      .insert(outbox)
      .values({ type: typeSchema.parse(type), payload, createdAt: new Date(this.host.now()) })
      .returning()
      .get();
    this.host.db
      .delete(outbox)
      .where(lte(outbox.seq, row.seq - OUTBOX_CAPACITY))
      .run();
    return {
      seq: row.seq,
      type: row.type,
      payload: row.payload as JsonValue,
      createdAt: row.createdAt.toISOString(),
    };
  }

  latestSeq(): number {
    return (
      this.host.db
        .select({ seq: max(outbox.seq) })
        .from(outbox)
        .get()?.seq ?? 0
    );
  }

  since(afterSeq: number, limit = OUTBOX_CAPACITY): OutboxPage {
    const rows = this.host.db
      .select()
      .from(outbox)
      .where(gt(outbox.seq, afterSeq))
      .orderBy(outbox.seq)
      .limit(limit)
      .all();
    const oldest = this.host.db.select().from(outbox).orderBy(outbox.seq).limit(1).get();
    const latestSeq = this.host.db.select().from(outbox).orderBy(desc(outbox.seq)).limit(1).get()?.seq ?? 0;
    return {
      entries: rows.map((row) => ({
        seq: row.seq,
        type: row.type,
        payload: row.payload as JsonValue,
        createdAt: row.createdAt.toISOString(),
      })),
      truncated: oldest !== undefined && oldest.seq > afterSeq + 1,
      latestSeq,
    };
  }
}
