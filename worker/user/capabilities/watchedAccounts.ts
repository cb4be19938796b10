import { asc, count, eq } from "drizzle-orm";
import type { Address } from "viem";
import type { SubscriptionLimits } from "../../../shared/schemas/subscriptions";
import type { WatchedAccount, WatchedAccountUpdate } from "../../../shared/schemas/watchedAccounts";
import type { UserDb } from "../db";
import { watchedAccounts } from "../tables/watchedAccounts";

export interface WatchedAccountsHost {
  db: UserDb;
  now(): number;
}

/** A new watched account, its threshold already resolved (the user's own when the request named none). */
export interface NewWatchedAccount {
  address: Address;
  label: string | null;
  alertThreshold: number;
}

export type AddWatchedResult =
  | { ok: true; account: WatchedAccount }
  | { ok: false; reason: "already_watched" }
  | { ok: false; reason: "tier_limit"; limit: number };

type Row = typeof watchedAccounts.$inferSelect;

const toAccount = (row: Row): WatchedAccount => ({
  address: row.address as Address,
  label: row.label,
  alertThreshold: row.alertThreshold,
  addedAt: row.addedAt.toISOString(),
});

/**
 * The signed-in user's watch list (table watched_accounts): addresses watched without signing. Each is monitored by
 * its own watch object (watchTarget.ts), which forwards its alerts here; only accounts still on the list are told.
 */
export class WatchedAccountsCapability {
  constructor(private readonly host: WatchedAccountsHost) {}

  list(): WatchedAccount[] {
    return this.host.db
      .select()
      .from(watchedAccounts)
      .orderBy(asc(watchedAccounts.addedAt))
      .all()
      .map(toAccount);
  }

  get(address: Address): WatchedAccount | null {
    const row = this.host.db.select().from(watchedAccounts).where(eq(watchedAccounts.address, address)).get();
    return row ? toAccount(row) : null;
  }

  add(input: NewWatchedAccount, limits: SubscriptionLimits): AddWatchedResult {
    if (this.get(input.address)) return { ok: false, reason: "already_watched" };
    const limit = limits.maxWatchedAccounts ?? null;
    const watched = this.host.db.select({ n: count() }).from(watchedAccounts).get()?.n ?? 0;
    if (limit !== null && watched >= limit) return { ok: false, reason: "tier_limit", limit };
    const row: Row = { ...input, addedAt: new Date(this.host.now()), lastAlertSeq: 0 };
    this.host.db.insert(watchedAccounts).values(row).run();
    return { ok: true, account: toAccount(row) };
  }

  /** The account after the change, or null when the address is not watched. */
  update(address: Address, patch: WatchedAccountUpdate): WatchedAccount | null {
    const rows = this.host.db
      .update(watchedAccounts)
      .set({
        ...(patch.label !== undefined ? { label: patch.label } : {}),
        ...(patch.alertThreshold !== undefined ? { alertThreshold: patch.alertThreshold } : {}),
      })
      .where(eq(watchedAccounts.address, address))
      .returning()
      .all();
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /** False when the address was not watched. */
  remove(address: Address): boolean {
    const removed = this.host.db
      .delete(watchedAccounts)
      .where(eq(watchedAccounts.address, address))
      .returning({ address: watchedAccounts.address })
      .all();
    return removed.length > 0;
  }

  /**
   * Whether an alert the account's watch object forwarded (its outbox `seq`) should be told: the account is still
   * watched and the alert is new (a retried delivery is not told twice). Records it when so.
   */
  acceptAlert(address: Address, seq: number): boolean {
    const row = this.host.db.select().from(watchedAccounts).where(eq(watchedAccounts.address, address)).get();
    if (!row || seq <= row.lastAlertSeq) return false;
    this.host.db
      .update(watchedAccounts)
      .set({ lastAlertSeq: seq })
      .where(eq(watchedAccounts.address, address))
      .run();
    return true;
  }
}
