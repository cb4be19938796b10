import type {
  StoredPayloadInput,
  StoredServerMessage,
  StoredServerMessageType,
} from "../../shared/schemas/ws";
import { MarketDurableObject } from "../defi/market/marketObject";
import type { OracleHistoryStats } from "../defi/market/oracle/oracleHistory";
import type { MarketWake, PositionWatchStats } from "../defi/market/positionWatch";
import type { PriceWatchStats } from "../defi/market/priceWatch";
import type { WakeRegistration } from "../defi/market/wakeIndex";
import type { OpenAlert } from "../user/capabilities/monitoring";
import type { OutboxPage } from "../user/capabilities/outbox";
import { UserDurableObject } from "../user/userObject";

// The Durable Objects as the worker tests (./entry.ts) and the benchmarks (bench/worker/entry.js) run them: the
// production classes plus RPC methods only they call, to look inside or to act now instead of on an alarm. The
// deployed worker (worker/index.ts) exports the production classes, which expose only what the Worker calls.

export class TestUserDurableObject extends UserDurableObject {
  /** The alarm run now going on, whoever started it (the runtime on its own, or a test). */
  private alarmInFlight: Promise<void> | null = null;

  override alarm(): Promise<void> {
    const run = super.alarm().finally(() => {
      if (this.alarmInFlight === run) this.alarmInFlight = null;
    });
    this.alarmInFlight = run;
    return run;
  }

  /**
   * Waits for an alarm run already going on. The runtime runs a due alarm by itself; while it runs, the alarm is
   * unset and a test's runDurableObjectAlarm does nothing, and what that run read may predate the test's last step.
   * Returns whether there was one.
   */
  async alarmSettled(): Promise<boolean> {
    const running = this.alarmInFlight;
    if (!running) return false;
    await running.catch(() => undefined);
    return true;
  }

  /** Stores and pushes a message as a capability would (through the object's one publish). */
  async notify<T extends StoredServerMessageType>(
    type: T,
    payload: StoredPayloadInput<T>,
  ): Promise<StoredServerMessage> {
    return this.parts.publish(type, payload);
  }

  /** The outbox after `afterSeq`: what a reconnecting client would be replayed. */
  async messagesSince(afterSeq: number): Promise<OutboxPage> {
    return this.outbox.since(afterSeq);
  }

  async monitoringStatus(): Promise<{ active: boolean; openAlert: OpenAlert | null; sockets: number }> {
    return {
      active: this.monitoring.isActive(),
      openAlert: this.monitoring.openAlert(),
      sockets: this.sockets.count(),
    };
  }
}

export class TestMarketDurableObject extends MarketDurableObject {
  /** Watchers that are no user object: woken here (counted by the position watch), answering as an idle user. */
  private readonly syntheticWatchers = new Map<string, WakeRegistration>();

  async watchSynthetic(...args: Parameters<MarketDurableObject["watchPositions"]>): Promise<void> {
    const [, watcherId, registration] = args;
    this.syntheticWatchers.set(watcherId, registration);
    await this.watchPositions(...args);
  }

  protected override wakeUser(watcherId: string, wake: MarketWake): Promise<WakeRegistration | null> {
    const synthetic = this.syntheticWatchers.get(watcherId);
    return synthetic ? Promise.resolve(synthetic) : super.wakeUser(watcherId, wake);
  }

  /** The registration a user's object left here (what wakes it), as stored; null when none. */
  async registrationOf(watcherId: string): Promise<WakeRegistration | null> {
    const stored = this.ctx.storage.kv.get<{ registration: WakeRegistration }>(
      `positionWatch:user:${watcherId}`,
    );
    return stored?.registration ?? null;
  }

  /** How many `eth_getLogs` this object sent since it started. */
  async logRequestCount(): Promise<number> {
    return this.logRequests;
  }

  /** As a coordinator: the index shards it forwards blocks to. */
  async indexShards(): Promise<number[]> {
    return [...this.shardSet()].sort((a, b) => a - b);
  }

  /** How many chain reads this object has made since it started. */
  async stats(): Promise<{ marketReads: number }> {
    return { marketReads: this.cache.loadCount };
  }

  /** Reads new rounds now (the price watch does it on each block whose prices moved). */
  async syncPriceHistory(chainId: number): Promise<void> {
    await this.oracleHistoryFor(chainId).sync();
  }

  async priceHistoryStats(): Promise<OracleHistoryStats | null> {
    return this.oracleHistory?.history.stats() ?? null;
  }

  /** One poll now (the alarm does the same every second while watched). */
  async pollPrices(chainId: number): Promise<number> {
    return this.priceWatchFor(chainId).poll();
  }

  /**
   * Chain reads made for requests: all of this object's reads minus the price watch's, counted when no poll is in
   * flight (a running poll's read is already in the cache's count but not yet in the watch's).
   */
  async requestPathReads(): Promise<number> {
    const watch = this.priceWatch?.watch;
    while (watch?.busy()) await watch.idle();
    return this.cache.loadCount - (watch?.stats().marketReads ?? 0);
  }

  /** The price watch's counters between polls (mid-poll, a block is counted before its market read). */
  async priceWatchStats(): Promise<PriceWatchStats | null> {
    const watch = this.priceWatch?.watch;
    while (watch?.busy()) await watch.idle();
    return watch?.stats() ?? null;
  }

  async positionWatchStats(): Promise<PositionWatchStats | null> {
    return this.positionWatch?.watch.stats() ?? null;
  }

  /** How often one user's object was woken, by reason (null: no position watch here). */
  async positionWakes(watcherId: string): Promise<Record<MarketWake["reason"], number> | null> {
    return this.positionWatch?.watch.wakesOf(watcherId) ?? null;
  }

  /** Whether a user's object is registered (its lease running). */
  async positionWatched(watcherId: string): Promise<boolean> {
    return this.positionWatch?.watch.isRegistered(watcherId) ?? false;
  }

  /**
   * Forgets every registration (test cleanup): a file's users must not be woken in later files, whose chain the
   * revert between them changed under the watch.
   */
  async resetPositionWatch(): Promise<void> {
    const watch = this.positionWatch?.watch;
    if (!watch) return;
    for (const id of watch.watcherIds()) watch.unregister(id);
  }
}
