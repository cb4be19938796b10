import { and, desc, eq, gt, lt, lte } from "drizzle-orm";
import type { z } from "zod";
import {
  OUTBOX_CAPACITY,
  type StoredPayloadInput,
  type StoredServerMessage,
  type StoredServerMessageType,
  storedKeptMessageSchema,
  storedPayloadSchemas,
  type storedRiskAlertMessageSchema,
  storedServerMessageSchema,
} from "../../../shared/schemas/ws";
import type { UserDb } from "../db";
import { keptAlerts, outbox } from "../tables/outbox";

export type StoredRiskAlertMessage = z.infer<typeof storedRiskAlertMessageSchema>;
/** A message kept aside for a client too far behind: a risk alert or a notice told once. */
export type KeptMessage = z.infer<typeof storedKeptMessageSchema>;

/** How many notices told once are kept aside (the newest; each subject's newest replaces its older one). */
export const KEPT_NOTICES = 50;

/**
 * Under which subject a notice is kept aside when the outbox drops it, or null when it need not be: a watch problem
 * (its key: "works again" replaces "stopped"), a liquidation undone, and any other warning or error told once (its
 * title: a rule switched off, a rule that cannot act, something Vigil could not read). Notices about a transaction
 * are not kept: the client reloads transactions over HTTP on resync.
 */
export function keptNoticeSubject(message: StoredServerMessage & { type: "notification" }): string | null {
  const notice = message.payload;
  if (notice.watchProblem !== undefined) return `watch:${notice.watchProblem}`;
  if (notice.liquidationUndone) {
    const { chainId, txHash, logIndex } = notice.liquidationUndone;
    return `undone:${chainId}:${txHash}:${logIndex}`;
  }
  if (notice.transactionId !== null) return null;
  return notice.level === "warning" || notice.level === "error" ? `notice:${notice.title}` : null;
}

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
   * When truncated: what was kept aside of the messages stored after `afterSeq` that the entries do not hold (the
   * outbox dropped them), oldest first — each account's newest risk alert and newest liquidation, and the newest
   * notice of each subject told once (keptNoticeSubject): what the client must still be told.
   */
  kept: KeptMessage[];
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
    if (message.type === "notification") this.keepNotice(message, row.createdAt);
    return message;
  }

  /** A notice told once replaces its subject's kept one; only the newest KEPT_NOTICES subjects are kept. */
  private keepNotice(message: StoredServerMessage & { type: "notification" }, createdAt: Date): void {
    const subject = keptNoticeSubject(message);
    if (subject === null) return;
    const row = { subject, kind: "notice" as const, seq: message.seq, payload: message.payload, createdAt };
    this.host.db
      .insert(keptAlerts)
      .values(row)
      .onConflictDoUpdate({ target: [keptAlerts.subject, keptAlerts.kind], set: row })
      .run();
    const oldestKept = this.host.db
      .select({ seq: keptAlerts.seq })
      .from(keptAlerts)
      .where(eq(keptAlerts.kind, "notice"))
      .orderBy(desc(keptAlerts.seq))
      .limit(1)
      .offset(KEPT_NOTICES - 1)
      .get();
    if (oldestKept)
      this.host.db
        .delete(keptAlerts)
        .where(and(eq(keptAlerts.kind, "notice"), lt(keptAlerts.seq, oldestKept.seq)))
        .run();
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

  /** The kept messages after `afterSeq` and before `beforeSeq`, oldest first, each message once. */
  private keptBetween(afterSeq: number, beforeSeq: number): KeptMessage[] {
    const bySeq = new Map<number, KeptMessage>();
    for (const row of this.host.db.select().from(keptAlerts).where(gt(keptAlerts.seq, afterSeq)).all()) {
      if (row.seq >= beforeSeq) continue;
      const message = storedKeptMessageSchema.safeParse({
        type: row.kind === "notice" ? "notification" : "risk_alert",
        seq: row.seq,
        sentAt: row.createdAt.toISOString(),
        payload: row.payload,
      });
      if (message.success) bySeq.set(row.seq, message.data);
      else this.host.log({ level: "warn", msg: "kept message no longer matches the protocol", seq: row.seq });
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
      kept: truncated ? this.keptBetween(afterSeq, entries[0]?.seq ?? latestSeq + 1) : [],
    };
  }
}
