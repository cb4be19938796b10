// The worker the benchmarks run: worker/index.ts unchanged, its Durable Objects with the test-only RPC methods
// (worker/test/testObjects.ts: stats, priceWatchStats …) and bench-only ones below, plus /__bench/ routes (./benchRoutes.ts) for what
// can only be measured or reset from inside workerd. Plain JS on purpose: the root tsconfig type-checks bench/
// for Node, and this file only wires the Workers entry (its logic is typed in benchRoutes.ts / tickRoutes.ts).
import worker from "../../worker/index.ts";
import {
  TestMarketDurableObject as RealMarketDurableObject,
  TestUserDurableObject as RealUserDurableObject,
} from "../../worker/test/testObjects.ts";
import { benchFetch } from "./benchRoutes.ts";

const PAUSED_KEY = "bench.alarmsPaused";
const UNWATCHED_KEY = "bench.unwatched";

/**
 * The real market object plus a count of the RPC requests users make to it (what Durable Objects bill), and
 * one bench-only switch: `benchUnwatch(watcherId)` drops a user's price-watch lease and ignores its renewals
 * from then on, so that user is served by the seed's design alone (its 10 s monitoring alarm reading the
 * 30 s-cached market). With no watcher left, the watch stops polling (see priceWatch.ts).
 */
export class MarketDurableObject extends RealMarketDurableObject {
  benchRequests = {
    aaveMarket: 0,
    marketView: 0,
    watchPrices: 0,
    priceHistory: 0,
    watchPositions: 0,
    indexShardActive: 0,
    indexBlock: 0,
  };
  /** Synthetic users (scale suite): watcher id → registration, answered here instead of by a user object. */
  benchSyntheticUsers = new Map();
  benchSyntheticWakes = 0;

  async aaveMarket(chainId) {
    this.benchRequests.aaveMarket++;
    return super.aaveMarket(chainId);
  }

  async marketView(chainId, heldHistoryKey) {
    this.benchRequests.marketView++;
    return super.marketView(chainId, heldHistoryKey);
  }

  async priceHistory(chainId) {
    this.benchRequests.priceHistory++;
    return super.priceHistory(chainId);
  }

  async watchPositions(chainId, watcherId, registration, readAtBlock, shard) {
    this.benchRequests.watchPositions++;
    return super.watchPositions(chainId, watcherId, registration, readAtBlock, shard);
  }

  async indexShardActive(chainId, shard) {
    this.benchRequests.indexShardActive++;
    return super.indexShardActive(chainId, shard);
  }

  async indexBlock(chainId, block, market, logs, told) {
    this.benchRequests.indexBlock++;
    return super.indexBlock(chainId, block, market, logs, told);
  }

  /**
   * Adds synthetic index entries (scale suite, N beyond the real user objects): registered like real users; a
   * wake of one is counted and answered with its registration here, standing for the one call a real user costs.
   */
  async benchAddSynthetic(chainId, users, shard) {
    for (const { id, registration } of users) {
      this.benchSyntheticUsers.set(id, registration);
      await super.watchPositions(chainId, id, registration, null, shard);
    }
    return { synthetic: this.benchSyntheticUsers.size };
  }

  /** Forgets every synthetic entry (the shard suite runs the same users with another shard count next). */
  async benchResetSynthetic() {
    const watch = this.positionWatch?.watch;
    for (const id of this.benchSyntheticUsers.keys()) watch?.unregister(id);
    this.benchSyntheticUsers.clear();
    return { watchers: watch?.stats().watchers ?? 0 };
  }

  async benchSyntheticWakeCount() {
    return this.benchSyntheticWakes;
  }

  async wakeUser(watcherId, wake) {
    const synthetic = this.benchSyntheticUsers.get(watcherId);
    if (!synthetic) return super.wakeUser(watcherId, wake);
    this.benchSyntheticWakes++;
    return synthetic;
  }

  async benchRequestCounts() {
    return { ...this.benchRequests };
  }

  async watchPrices(chainId, watcherId) {
    this.benchRequests.watchPrices++;
    const unwatched = (await this.ctx.storage.get(UNWATCHED_KEY)) ?? [];
    if (unwatched.includes(watcherId)) return;
    await super.watchPrices(chainId, watcherId);
  }

  async benchUnwatch(watcherId) {
    const unwatched = (await this.ctx.storage.get(UNWATCHED_KEY)) ?? [];
    if (!unwatched.includes(watcherId)) await this.ctx.storage.put(UNWATCHED_KEY, [...unwatched, watcherId]);
    // PriceWatch has no unwatch (leases expire on their own): drop the lease now, from outside, for the bench.
    this.priceWatch?.watch.watchers.delete(watcherId);
    return { watchers: this.priceWatch?.watch.stats().watchers ?? 0 };
  }
}

/**
 * The real user object plus two bench-only RPC methods. `benchTick` runs the real alarm handler (the scheduler
 * runs every due task and re-arms the alarm); its bookkeeping rows are cleared first so both tasks are due now,
 * however recently they ran. While paused (tick users only), alarms that fire on their own do nothing, so the
 * only ticks are the measured ones.
 */
export class UserDurableObject extends RealUserDurableObject {
  async alarm() {
    if (this.ctx.storage.kv.get(PAUSED_KEY) === true) return;
    await super.alarm();
  }

  async benchPause(paused) {
    this.ctx.storage.kv.put(PAUSED_KEY, paused);
  }

  async benchTick() {
    this.ctx.storage.sql.exec("DELETE FROM scheduled_tasks");
    // Counts SQLite rows written by the tick (what DO storage bills): every cursor drizzle opens, summed after.
    const sql = this.ctx.storage.sql;
    const cursors = [];
    let counting = false;
    try {
      const exec = sql.exec.bind(sql);
      sql.exec = (query, ...params) => {
        const cursor = exec(query, ...params);
        cursors.push(cursor);
        return cursor;
      };
      counting = this.ctx.storage.sql.exec === sql.exec;
    } catch {
      counting = false;
    }
    const started = performance.now();
    try {
      await super.alarm();
    } finally {
      if (Object.hasOwn(sql, "exec")) delete sql.exec;
    }
    const ms = performance.now() - started;
    const rowsWritten = counting ? cursors.reduce((sum, cursor) => sum + cursor.rowsWritten, 0) : null;
    const tasks = this.ctx.storage.sql
      .exec("SELECT name, run_count AS runCount, last_error AS lastError FROM scheduled_tasks")
      .toArray();
    return { ms, rowsWritten, tasks };
  }
}

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname.startsWith("/__bench/")) return benchFetch(request, env);
    return worker.fetch(request, env, ctx);
  },
};
