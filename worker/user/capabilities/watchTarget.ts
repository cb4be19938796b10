import { eq } from "drizzle-orm";
import type { Address } from "viem";
import { addressSchema } from "../../../shared/schemas/common";
import type { StoredPayloadInput } from "../../../shared/schemas/ws";
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

/** The user objects as a watch object reaches its owner's (env.USER, named by user id). */
export interface AlertReceivers {
  getByName(name: string): {
    receiveWatchedAlert(
      address: Address,
      seq: number,
      payload: StoredPayloadInput<"risk_alert">,
    ): Promise<boolean>;
  };
}

export interface WatchTargetHost {
  db: UserDb;
  now(): number;
  log(event: Record<string, unknown>): void;
  /** This object's outbox after a seq: what monitoring published. */
  since(afterSeq: number): OutboxPage;
  /** Hands one alert to the owner's object; true once the owner has it (or knowingly dropped it). */
  deliver(
    ownerId: string,
    address: Address,
    seq: number,
    payload: StoredPayloadInput<"risk_alert">,
  ): Promise<boolean>;
}

/** Undelivered alerts are retried this often (a delivery is one call between objects of the same worker). */
export const FORWARD_RETRY_MS = 10_000;

const ROW_ID = 1;

/**
 * The role of a watch object (table watch_target): a user object that monitors someone else's wallet for an owner.
 * Monitoring runs unchanged and publishes to this object's outbox (nobody connects here); every `risk_alert` in it
 * is forwarded, in order, to the owner's object, which tells the owner's sockets with `account` set. The outbox is
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
    return { ownerId: row.ownerId, address: address.data, alertThreshold: row.alertThreshold };
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

  /** Whether alerts wait for delivery. */
  pending(): boolean {
    if (!this.get()) return false;
    const page = this.host.since(this.forwardedSeq());
    return page.keptAlerts.length > 0 || page.entries.some((m) => m.type === "risk_alert");
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
        kept: page.keptAlerts.length,
      });
    }
    for (const message of [...page.keptAlerts, ...page.entries]) {
      if (message.type === "risk_alert") {
        let delivered = false;
        try {
          delivered = await this.host.deliver(target.ownerId, target.address, message.seq, message.payload);
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
