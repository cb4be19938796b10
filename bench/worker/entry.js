// The worker the benchmarks run: worker/index.ts unchanged, plus /__bench/ routes (./benchRoutes.ts) for what
// can only be measured or reset from inside workerd. Plain JS on purpose: the root tsconfig type-checks bench/
// for Node, and this file only wires the Workers entry (its logic is typed in benchRoutes.ts / tickRoutes.ts).
import worker, { UserDurableObject as RealUserDurableObject } from "../../worker/index.ts";
import { benchFetch } from "./benchRoutes.ts";

export { MarketDurableObject } from "../../worker/index.ts";

const PAUSED_KEY = "bench.alarmsPaused";

/**
 * The real user object plus three bench-only RPC methods. `benchTick` runs the real alarm handler (the scheduler
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
