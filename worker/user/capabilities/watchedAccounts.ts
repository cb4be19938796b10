import { asc, count, eq } from "drizzle-orm";
import type { Address } from "viem";
import { DEFAULT_ALERT_THRESHOLD } from "../../../shared/schemas/settings";
import type { SubscriptionLimits } from "../../../shared/schemas/subscriptions";
import {
  type WatchedAccount,
  type WatchedAccountUpdate,
  watchedThresholdSchema,
} from "../../../shared/schemas/watchedAccounts";
import type { UserDb } from "../db";
import { watchedAccounts } from "../tables/watchedAccounts";

export interface WatchedAccountsHost {
  db: UserDb;
  now(): number;
  /**
   * An account's saved threshold no longer parses: the default is used, and the user is told once per account
   * (`told` keeps the mark until the threshold is saved again or the account removed).
   */
  unreadable?: {
    told: Pick<SyncKvStorage, "get" | "put" | "delete">;
    tell(account: WatchedAccount): void;
  };
}

const UNREADABLE_TOLD_PREFIX = "watched:thresholdUnreadableTold:";

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
      .map((row) => this.toAccount(row));
  }

  get(address: Address): WatchedAccount | null {
    const row = this.host.db.select().from(watchedAccounts).where(eq(watchedAccounts.address, address)).get();
    return row ? this.toAccount(row) : null;
  }

  /** A stored row, its threshold checked against the shared schema: an unparsable one is the default, told once. */
  private toAccount(row: Row): WatchedAccount {
    const threshold = watchedThresholdSchema.safeParse(row.alertThreshold);
    const account = {
      address: row.address as Address,
      label: row.label,
      alertThreshold: threshold.success ? threshold.data : DEFAULT_ALERT_THRESHOLD,
      addedAt: row.addedAt.toISOString(),
    };
    const unreadable = this.host.unreadable;
    if (
      !threshold.success &&
      unreadable &&
      unreadable.told.get(UNREADABLE_TOLD_PREFIX + row.address) === undefined
    ) {
      unreadable.told.put(UNREADABLE_TOLD_PREFIX + row.address, this.host.now());
      unreadable.tell(account);
    }
    return account;
  }

  add(input: NewWatchedAccount, limits: SubscriptionLimits): AddWatchedResult {
    if (this.get(input.address)) return { ok: false, reason: "already_watched" };
    const limit = limits.maxWatchedAccounts ?? null;
    const watched = this.host.db.select({ n: count() }).from(watchedAccounts).get()?.n ?? 0;
    if (limit !== null && watched >= limit) return { ok: false, reason: "tier_limit", limit };
    const row: Row = { ...input, addedAt: new Date(this.host.now()), lastAlertSeq: 0 };
    this.host.db.insert(watchedAccounts).values(row).run();
    return { ok: true, account: this.toAccount(row) };
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
    if (patch.alertThreshold !== undefined)
      this.host.unreadable?.told.delete(UNREADABLE_TOLD_PREFIX + address);
    return rows[0] ? this.toAccount(rows[0]) : null;
  }

  /** False when the address was not watched. */
  remove(address: Address): boolean {
    const removed = this.host.db
      .delete(watchedAccounts)
      .where(eq(watchedAccounts.address, address))
      .returning({ address: watchedAccounts.address })
      .all();
    this.host.unreadable?.told.delete(UNREADABLE_TOLD_PREFIX + address);
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
