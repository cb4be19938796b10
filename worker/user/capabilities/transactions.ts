import { and, desc, eq, inArray, lte, ne, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { txHashSchema } from "../../../shared/schemas/common";
import {
  canTransition,
  type Transaction,
  type TransactionListQuery,
  type TransactionPreview,
  type TransactionStatus,
  type TransactionStep,
  transactionPreviewSchema,
  transactionStepSchema,
} from "../../../shared/schemas/transactions";
import type { UserDb } from "../db";
import { transactions } from "../tables/transactions";

export interface TransactionsHost {
  db: UserDb;
  now(): number;
  newId(): string;
  /**
   * A stored proposal no longer parses (an older shape, a bad migration). It is left as it is — what became of it
   * on the chain is not known, so it is not marked failed — and skipped, so one bad row cannot stop every list and
   * the receipt watch. The user is told once per proposal (`told` keeps the mark across evictions).
   */
  unreadable?: {
    told: Pick<SyncKvStorage, "get" | "put">;
    tell(transaction: { id: string; title: string; status: TransactionStatus }): void;
  };
}

const UNREADABLE_TOLD_PREFIX = "transactions:unreadableTold:";

/** What the automation loop hands over to create a proposal. */
export interface ProposalInput {
  ruleId: string | null;
  chainId: number;
  title: string;
  steps: TransactionStep[];
  expiresAt: number | null;
  preview?: TransactionPreview | null;
  /** Same key → same proposal, however often the tick runs. */
  idempotencyKey: string;
  /** The user's transaction count when it was made (see the table's min_nonce); null when unknown. */
  minNonce: number | null;
}

export type TransitionResult =
  | { ok: true; transaction: Transaction }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "invalid_transition"; from: TransactionStatus; to: TransactionStatus };

type TransactionRow = typeof transactions.$inferSelect;

const stepsSchema = z.array(transactionStepSchema);
const hashesSchema = z.array(txHashSchema);

/** Stored JSON is re-validated on the way out: storage is a boundary too. A row that fails is null. */
function toTransaction(row: TransactionRow): Transaction | null {
  const steps = stepsSchema.safeParse(row.steps);
  const txHashes = hashesSchema.safeParse(row.txHashes);
  const preview = row.preview === null ? null : transactionPreviewSchema.safeParse(row.preview);
  if (!steps.success || !txHashes.success || (preview !== null && !preview.success)) return null;
  return {
    id: row.id,
    ruleId: row.ruleId,
    status: row.status,
    chainId: row.chainId,
    title: row.title,
    steps: steps.data,
    txHashes: txHashes.data,
    error: row.error,
    declinedStep: row.declinedStep,
    preview: preview === null ? null : (preview.data ?? null),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

/** Transaction proposals and their lifecycle (table transactions). Never signs anything. */
export class TransactionsCapability {
  constructor(private readonly host: TransactionsHost) {}

  /** The row as a Transaction, or null (told once) when it no longer parses. */
  private read(row: TransactionRow | undefined): Transaction | null {
    if (!row) return null;
    const transaction = toTransaction(row);
    if (!transaction) this.tellUnreadable(row);
    return transaction;
  }

  private readAll(rows: readonly TransactionRow[]): Transaction[] {
    return rows.flatMap((row) => {
      const transaction = this.read(row);
      return transaction ? [transaction] : [];
    });
  }

  private tellUnreadable(row: TransactionRow): void {
    const unreadable = this.host.unreadable;
    if (!unreadable) return;
    const key = `${UNREADABLE_TOLD_PREFIX}${row.id}`;
    if (unreadable.told.get(key) !== undefined) return;
    unreadable.told.put(key, this.host.now());
    unreadable.tell({ id: row.id, title: row.title, status: row.status });
  }

  list(query: TransactionListQuery): Transaction[] {
    const filters: SQL[] = [];
    if (query.status) filters.push(eq(transactions.status, query.status));
    if (query.ruleId) filters.push(eq(transactions.ruleId, query.ruleId));
    const rows = this.host.db
      .select()
      .from(transactions)
      .where(filters.length ? and(...filters) : undefined)
      .orderBy(desc(transactions.createdAt))
      .limit(query.limit)
      .all();
    return this.readAll(rows);
  }

  get(id: string): Transaction | null {
    return this.read(this.host.db.select().from(transactions).where(eq(transactions.id, id)).get());
  }

  /** The lowest nonce a transaction of this proposal can have (sent after it was made); null: not known. */
  minNonceOf(id: string): number | null {
    return (
      this.host.db
        .select({ minNonce: transactions.minNonce })
        .from(transactions)
        .where(eq(transactions.id, id))
        .get()?.minNonce ?? null
    );
  }

  /** Creates a pending proposal, or returns the one already created under the same idempotency key. */
  propose(input: ProposalInput): { transaction: Transaction; created: boolean } {
    const existing = this.host.db
      .select()
      .from(transactions)
      .where(eq(transactions.idempotencyKey, input.idempotencyKey))
      .get();
    if (existing) {
      const transaction = this.read(existing);
      if (transaction) return { transaction, created: false };
      // The key's proposal cannot be read, so it cannot be shown or signed: free the key for a readable one.
      this.releaseKey(existing.id);
    }
    const now = new Date(this.host.now());
    const row = this.host.db
      .insert(transactions)
      .values({
        id: this.host.newId(),
        ruleId: input.ruleId,
        status: "pending",
        chainId: input.chainId,
        title: input.title,
        steps: stepsSchema.parse(input.steps),
        txHashes: [],
        preview: input.preview ? transactionPreviewSchema.parse(input.preview) : null,
        idempotencyKey: input.idempotencyKey,
        createdAt: now,
        updatedAt: now,
        expiresAt: input.expiresAt === null ? null : new Date(input.expiresAt),
        minNonce: input.minNonce,
      })
      .returning()
      .get();
    const created = toTransaction(row);
    // Written from parsed input a moment ago: unreadable only if the schema and the table disagree.
    if (!created) throw new Error(`proposal ${row.id} was stored in a shape that does not read back`);
    return { transaction: created, created: true };
  }

  /** Moves a transaction along TRANSACTION_TRANSITIONS; anything else is refused, nothing changes. */
  transition(
    id: string,
    to: TransactionStatus,
    patch: { txHashes?: `0x${string}`[]; error?: string | null } = {},
  ): TransitionResult {
    const current = this.get(id);
    if (!current) return { ok: false, reason: "not_found" };
    if (!canTransition(current.status, to)) {
      return { ok: false, reason: "invalid_transition", from: current.status, to };
    }
    const row = this.host.db
      .update(transactions)
      .set({
        status: to,
        updatedAt: new Date(this.host.now()),
        ...(patch.txHashes ? { txHashes: hashesSchema.parse(patch.txHashes) } : {}),
        ...(patch.error !== undefined ? { error: patch.error } : {}),
        // A decline is over once the proposal moves on (sent, rejected, expired).
        declinedStep: null,
      })
      .where(and(eq(transactions.id, id), eq(transactions.status, current.status)))
      .returning()
      .get();
    const moved = this.read(row);
    if (!moved) return { ok: false, reason: "not_found" };
    return { ok: true, transaction: moved };
  }

  /**
   * The wallet declined step `stepIndex` of an approved proposal: it stays approved, remembering the step, the
   * hashes of the steps before it (already checked on the chain) and why. Null when it is no longer approved.
   */
  recordDecline(
    id: string,
    decline: { stepIndex: number; sentHashes: `0x${string}`[]; error: string },
  ): Transaction | null {
    const row = this.host.db
      .update(transactions)
      .set({
        declinedStep: decline.stepIndex,
        txHashes: hashesSchema.parse(decline.sentHashes),
        error: decline.error,
        updatedAt: new Date(this.host.now()),
      })
      .where(and(eq(transactions.id, id), eq(transactions.status, "approved")))
      .returning()
      .get();
    return this.read(row);
  }

  /** Statuses in which a proposal still waits on the user or the chain: one such per rule at most. */
  static readonly OPEN_STATUSES = ["pending", "approved", "submitted"] as const;

  /** The proposal created under this idempotency key, if its key was not released. */
  withKey(idempotencyKey: string): Transaction | null {
    const row = this.host.db
      .select()
      .from(transactions)
      .where(eq(transactions.idempotencyKey, idempotencyKey))
      .get();
    return this.read(row);
  }

  /** Whether a proposal was ever created under this idempotency key (whatever became of it). */
  hasKey(idempotencyKey: string): boolean {
    return (
      this.host.db
        .select({ id: transactions.id })
        .from(transactions)
        .where(eq(transactions.idempotencyKey, idempotencyKey))
        .get() !== undefined
    );
  }

  /** The rule's proposal that is still open, if any. */
  openForRule(ruleId: string): Transaction | null {
    const row = this.host.db
      .select()
      .from(transactions)
      .where(
        and(
          eq(transactions.ruleId, ruleId),
          inArray(transactions.status, [...TransactionsCapability.OPEN_STATUSES]),
        ),
      )
      .get();
    return this.read(row);
  }

  /** Every transaction in one of `statuses`, oldest first. */
  withStatus(statuses: readonly TransactionStatus[]): Transaction[] {
    return this.readAll(
      this.host.db
        .select()
        .from(transactions)
        .where(inArray(transactions.status, [...statuses]))
        .orderBy(transactions.createdAt)
        .all(),
    );
  }

  /** Another transaction (not `exceptId`) that already carries one of `hashes`, if any: a hash proves one proposal. */
  withAnyHash(hashes: readonly `0x${string}`[], exceptId: string): Transaction | null {
    if (hashes.length === 0) return null;
    const wanted = sql.join(
      hashes.map((hash) => sql`${hash.toLowerCase()}`),
      sql`, `,
    );
    const row = this.host.db
      .select()
      .from(transactions)
      .where(
        and(
          ne(transactions.id, exceptId),
          sql`EXISTS (SELECT 1 FROM json_each(${transactions.txHashes}) WHERE json_each.value IN (${wanted}))`,
        ),
      )
      .get();
    return this.read(row);
  }

  /** The rule's newest proposal other than `exceptId`, if any. */
  latestForRule(ruleId: string, exceptId: string): Transaction | null {
    const row = this.host.db
      .select()
      .from(transactions)
      .where(and(eq(transactions.ruleId, ruleId), ne(transactions.id, exceptId)))
      .orderBy(desc(transactions.createdAt))
      .get();
    return this.read(row);
  }

  /**
   * Frees a terminal proposal's idempotency key, so its rule may propose again inside the same trigger window
   * (used when the proposal ended without anything verified happening on-chain).
   */
  releaseKey(id: string): void {
    this.host.db.update(transactions).set({ idempotencyKey: null }).where(eq(transactions.id, id)).run();
  }

  /** Replaces the preview after a re-simulation (status unchanged). */
  updatePreview(id: string, preview: TransactionPreview): Transaction | null {
    const row = this.host.db
      .update(transactions)
      .set({ preview: transactionPreviewSchema.parse(preview), updatedAt: new Date(this.host.now()) })
      .where(eq(transactions.id, id))
      .returning()
      .get();
    return this.read(row);
  }

  /** Pending/approved proposals past their expiry become `expired`; returns them. */
  expireDue(now: number): Transaction[] {
    const due = this.host.db
      .select()
      .from(transactions)
      .where(lte(transactions.expiresAt, new Date(now)))
      .all()
      .filter((row) => row.status === "pending" || row.status === "approved");
    const expired: Transaction[] = [];
    for (const row of due) {
      const result = this.transition(row.id, "expired");
      if (result.ok) expired.push(result.transaction);
    }
    return expired;
  }
}
