import { eq } from "drizzle-orm";
import type { Address } from "viem";
import { addressSchema } from "../../../shared/schemas/common";
import { DEFAULT_ALERT_THRESHOLD } from "../../../shared/schemas/settings";
import { type WatchedProblem, watchedThresholdSchema } from "../../../shared/schemas/watchedAccounts";
import { CHAIN_DOWN_NOTIFY_AFTER_MS, type ChainStatus } from "../../../shared/schemas/watchStatus";
import type { StoredPayloadInput, StoredServerMessage } from "../../../shared/schemas/ws";
import type { UserDb } from "../db";
import { watchTarget } from "../tables/watchedAccounts";
import type { OutboxPage } from "./outbox";
import type { ScheduledTask } from "./scheduler";

/** The name of the object that watches `address` for user `ownerId` (one per watched account). */
export function watchObjectName(ownerId: string, address: Address): string {
  return `watch:${ownerId}:${address}`;
}

export interface WatchTarget {
  ownerId: string;
  address: Address;
  alertThreshold: number;
}

/** What a watch object hands its owner: a risk alert, or a part of the watch that stopped or works again. */
export type Forwarded =
  | { kind: "risk_alert"; payload: StoredPayloadInput<"risk_alert"> }
  | { kind: "watch_problem"; problem: WatchedProblem };

/** The user objects as a watch object reaches its owner's (env.USER, named by user id). */
export interface AlertReceivers {
  getByName(name: string): {
    receiveWatchedAlert(
      address: Address,
      seq: number,
      payload: StoredPayloadInput<"risk_alert">,
    ): Promise<boolean>;
    receiveWatchedProblem(address: Address, seq: number, problem: WatchedProblem): Promise<boolean>;
  };
}

/** What of this object's outbox goes to the owner: risk alerts and the watch's own problems (task health, chains). */
export function forwardedOf(message: StoredServerMessage): Forwarded | null {
  if (message.type === "risk_alert") return { kind: "risk_alert", payload: message.payload };
  const key = message.type === "notification" ? message.payload.watchProblem : undefined;
  if (message.type !== "notification" || key === undefined) return null;
  // A watch problem's notice is an error or warning while it holds, a success once it ends (taskHealthNotice.ts).
  return {
    kind: "watch_problem",
    problem: { key, state: message.payload.level === "success" ? "recovered" : "failing" },
  };
}

/** KV prefix of the chains told as not read (`chain:<id>`), so each is told once and its recovery once. */
const CHAIN_TOLD_PREFIX = "watchTarget:chainTold:";

export interface WatchTargetHost {
  db: UserDb;
  now(): number;
  log(event: Record<string, unknown>): void;
  /** This object's outbox after a seq: what monitoring published. */
  since(afterSeq: number): OutboxPage;
  /** Hands one message to the owner's object; true once the owner has it (or knowingly dropped it). */
  deliver(ownerId: string, address: Address, seq: number, message: Forwarded): Promise<boolean>;
  /** Which chains were told as not read (survives evictions). */
  told: Pick<SyncKvStorage, "get" | "put" | "delete">;
  /** Stores a notification in this object's outbox (forwarded from there). */
  publish(payload: StoredPayloadInput<"notification">): void;
}

/** Undelivered alerts are retried this often (a delivery is one call between objects of the same worker). */
export const FORWARD_RETRY_MS = 10_000;

const ROW_ID = 1;

/**
 * The role of a watch object (table watch_target): a user object that monitors someone else's wallet for an owner.
 * Monitoring runs unchanged and publishes to this object's outbox (nobody connects here); every `risk_alert` in it,
 * and every notice that a part of the watch stopped or works again (a failing task, a chain not read), is
 * forwarded, in order, to the owner's object, which tells the owner's sockets naming the account. The outbox is
 * the record of what is still to forward: a failed delivery is retried, not lost.
 */
export class WatchTargetCapability {
  private flushing: Promise<void> | undefined;
  private again = false;

  constructor(private readonly host: WatchTargetHost) {}

  get(): WatchTarget | null {
    const row = this.host.db.select().from(watchTarget).where(eq(watchTarget.id, ROW_ID)).get();
    const address = addressSchema.safeParse(row?.address);
    if (!row || !address.success) return null;
    // An unparsable threshold alerts at the default (the owner's listing says so, once: watchedAccounts.ts).
    const threshold = watchedThresholdSchema.safeParse(row.alertThreshold);
    const alertThreshold = threshold.success ? threshold.data : DEFAULT_ALERT_THRESHOLD;
    return { ownerId: row.ownerId, address: address.data, alertThreshold };
  }

  /** Starts (or re-targets) the watch; what was already published is not forwarded (it predates this owner's list). */
  set(target: WatchTarget, latestSeq: number): void {
    const values = { ...target, updatedAt: new Date(this.host.now()) };
    const existing = this.get();
    const forwardedSeq = existing?.ownerId === target.ownerId ? undefined : latestSeq;
    this.host.db
      .insert(watchTarget)
      .values({ id: ROW_ID, ...values, forwardedSeq: forwardedSeq ?? latestSeq })
      .onConflictDoUpdate({
        target: watchTarget.id,
        set: forwardedSeq === undefined ? values : { ...values, forwardedSeq },
      })
      .run();
  }

  private forwardedSeq(): number {
    return this.host.db.select().from(watchTarget).where(eq(watchTarget.id, ROW_ID)).get()?.forwardedSeq ?? 0;
  }

  /** Whether alerts or watch problems wait for delivery. */
  pending(): boolean {
    if (!this.get()) return false;
    const page = this.host.since(this.forwardedSeq());
    return page.kept.length > 0 || page.entries.some((m) => forwardedOf(m) !== null);
  }

  /**
   * After each read of the watched wallet: a chain not read (its RPC down or failing) for CHAIN_DOWN_NOTIFY_AFTER_MS
   * is told once (as the extension tells the user's own), and once when it is read again. Only a watch object does
   * this: the owner sees no portfolio of the account, only these notices.
   */
  chainsRead(statuses: readonly ChainStatus[]): void {
    if (!this.get()) return;
    const now = this.host.now();
    for (const { chainId, status, since } of statuses) {
      if (status === "not_watched") continue;
      const key = CHAIN_TOLD_PREFIX + chainId;
      const told = this.host.told.get(key) !== undefined;
      const downLongEnough = now - Date.parse(since) >= CHAIN_DOWN_NOTIFY_AFTER_MS;
      if (status === "unavailable" && !told && downLongEnough) {
        this.host.told.put(key, this.host.now());
        this.host.publish({
          level: "error",
          title: `Chain ${chainId} cannot be read`,
          message: "No risk alert can come from it until it is read again.",
          transactionId: null,
          watchProblem: `chain:${chainId}`,
        });
      } else if (status === "ok" && told) {
        this.host.told.delete(key);
        this.host.publish({
          level: "success",
          title: `Chain ${chainId} is read again`,
          message: "Risk alerts come from it again.",
          transactionId: null,
          watchProblem: `chain:${chainId}`,
        });
      }
    }
  }

  /** Forwards every alert not yet delivered, oldest first; stops at the first failure (retried by the task). */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      try {
        do {
          this.again = false;
          await this.flushOnce();
        } while (this.again);
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const target = this.get();
    if (!target) return;
    const page = this.host.since(this.forwardedSeq());
    // Only after the owner was unreachable for longer than the outbox holds (500 messages): say so, once per flush.
    // The account's newest alert and newest liquidation were kept aside: they go first, so the owner still hears
    // the current state and any liquidation; only the steps between them are lost.
    if (page.truncated && page.entries.length > 0) {
      this.host.log({
        level: "error",
        msg: "watched alerts dropped before delivery",
        address: target.address,
        kept: page.kept.length,
      });
    }
    for (const message of [...page.kept, ...page.entries]) {
      const forwarded = forwardedOf(message);
      if (forwarded) {
        let delivered = false;
        try {
          delivered = await this.host.deliver(target.ownerId, target.address, message.seq, forwarded);
        } catch (error) {
          this.host.log({ level: "warn", msg: "watched alert not delivered", error: String(error) });
        }
        if (!delivered) return;
      }
      // Stopped meanwhile (the row is gone): nothing to advance.
      this.host.db
        .update(watchTarget)
        .set({ forwardedSeq: message.seq })
        .where(eq(watchTarget.id, ROW_ID))
        .run();
    }
  }

  /** Retries deliveries that failed, on the object's one alarm. */
  task(): ScheduledTask {
    return {
      name: "forward_alerts",
      intervalMs: FORWARD_RETRY_MS,
      isActive: () => this.pending(),
      run: () => this.flush(),
    };
  }
}
