import { desc, eq, gt, lte } from "drizzle-orm";
import type { z } from "zod";
import {
  OUTBOX_CAPACITY,
  type StoredPayloadInput,
  type StoredServerMessage,
  type StoredServerMessageType,
  storedPayloadSchemas,
  storedRiskAlertMessageSchema,
  storedServerMessageSchema,
} from "../../../shared/schemas/ws";
import type { UserDb } from "../db";
import { keptAlerts, outbox } from "../tables/outbox";

export type StoredRiskAlertMessage = z.infer<typeof storedRiskAlertMessageSchema>;

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
  /**
   * When truncated: each account's newest risk alert and newest liquidation stored after `afterSeq` that the
   * entries do not hold (the outbox dropped them), oldest first — what the client must still be told.
   */
  keptAlerts: StoredRiskAlertMessage[];
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
    const message = storedServerMessageSchema.parse({
      type,
      seq: row.seq,
      sentAt: row.createdAt.toISOString(),
      payload: parsed,
    });
    if (message.type === "risk_alert") this.keep(message, row.createdAt);
    return message;
  }

  /** An account's newest alert replaces its kept one; a liquidation also replaces its kept liquidation. */
  private keep(message: StoredRiskAlertMessage, createdAt: Date): void {
    const { payload } = message;
    const kinds: ("latest" | "liquidation")[] =
      payload.state === "raised" && payload.severity === "liquidated"
        ? ["latest", "liquidation"]
        : ["latest"];
    for (const kind of kinds) {
      const row = { subject: payload.account ?? "", kind, seq: message.seq, payload, createdAt };
      this.host.db
        .insert(keptAlerts)
        .values(row)
        .onConflictDoUpdate({ target: [keptAlerts.subject, keptAlerts.kind], set: row })
        .run();
    }
  }

  /** A watched account removed: its kept alerts are not handed on again. */
  forgetAccount(address: string): void {
    this.host.db.delete(keptAlerts).where(eq(keptAlerts.subject, address)).run();
  }

  /** The kept alerts after `afterSeq` and before `beforeSeq`, oldest first, each message once. */
  private keptBetween(afterSeq: number, beforeSeq: number): StoredRiskAlertMessage[] {
    const bySeq = new Map<number, StoredRiskAlertMessage>();
    for (const row of this.host.db.select().from(keptAlerts).where(gt(keptAlerts.seq, afterSeq)).all()) {
      if (row.seq >= beforeSeq) continue;
      const message = storedRiskAlertMessageSchema.safeParse({
        type: "risk_alert",
        seq: row.seq,
        sentAt: row.createdAt.toISOString(),
        payload: row.payload,
      });
      if (message.success) bySeq.set(row.seq, message.data);
      else this.host.log({ level: "warn", msg: "kept alert no longer matches the protocol", seq: row.seq });
    }
    return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
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
    const truncated =
      entries.length !== rows.length ||
      afterSeq > latestSeq ||
      (oldest !== undefined && oldest.seq > afterSeq + 1);
    return {
      entries,
      truncated,
      latestSeq,
      keptAlerts: truncated ? this.keptBetween(afterSeq, entries[0]?.seq ?? latestSeq + 1) : [],
    };
  }
}
