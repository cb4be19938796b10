import { desc, gt, lte } from "drizzle-orm";
import {
  OUTBOX_CAPACITY,
  type StoredPayloadInput,
  type StoredServerMessage,
  type StoredServerMessageType,
  storedPayloadSchemas,
  storedServerMessageSchema,
} from "../../../shared/schemas/ws";
import type { UserDb } from "../db";
import { outbox } from "../tables/outbox";

export { OUTBOX_CAPACITY };

export interface OutboxHost {
  db: UserDb;
  now(): number;
  log(event: Record<string, unknown>): void;
}

export interface OutboxPage {
  /** Ascending by seq, without gaps. */
  entries: StoredServerMessage[];
  /** True when messages after `afterSeq` were already dropped (or never existed): the client must resync. */
  truncated: boolean;
  latestSeq: number;
}

/**
 * The user's server→client messages, numbered per user (1, 2, 3 …, SQLite AUTOINCREMENT never reuses a seq),
 * kept for replay on reconnect (table outbox). Payloads are validated against shared/schemas/ws.ts on the way in
 * and on the way out, so a client only ever sees messages of the protocol.
 */
export class OutboxCapability {
  constructor(private readonly host: OutboxHost) {}

  append<T extends StoredServerMessageType>(type: T, payload: StoredPayloadInput<T>): StoredServerMessage {
    const parsed = storedPayloadSchemas[type].parse(payload);
    const row = this.host.db
      .insert(outbox)
      .values({ type, payload: parsed, createdAt: new Date(this.host.now()) })
      .returning()
      .get();
    this.host.db
      .delete(outbox)
      .where(lte(outbox.seq, row.seq - OUTBOX_CAPACITY))
      .run();
    return storedServerMessageSchema.parse({
      type,
      seq: row.seq,
      sentAt: row.createdAt.toISOString(),
      payload: parsed,
    });
  }

  latestSeq(): number {
    return (
      this.host.db.select({ seq: outbox.seq }).from(outbox).orderBy(desc(outbox.seq)).limit(1).get()?.seq ?? 0
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
    const oldest = this.host.db.select({ seq: outbox.seq }).from(outbox).orderBy(outbox.seq).limit(1).get();
    const latestSeq = this.latestSeq();
    const entries: StoredServerMessage[] = [];
    for (const row of rows) {
      const message = storedServerMessageSchema.safeParse({
        type: row.type,
        seq: row.seq,
        sentAt: row.createdAt.toISOString(),
        payload: row.payload,
      });
      if (message.success) entries.push(message.data);
      // A row from an older protocol version: skipping it leaves a gap, so the client is told to resync.
      else this.host.log({ level: "warn", msg: "outbox row no longer matches the protocol", seq: row.seq });
    }
    return {
      entries,
      truncated:
        entries.length !== rows.length ||
        afterSeq > latestSeq ||
        (oldest !== undefined && oldest.seq > afterSeq + 1),
      latestSeq,
    };
  }
}
