import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { rowsWrittenBy } from "../../test/rowsWritten";
import { openUserDb } from "../db";
import { SCHEDULER_CHECKPOINT_MS, type ScheduledTask, Scheduler } from "./scheduler";

describe("scheduler bookkeeping", () => {
  it("writes a task's row on its first run, on an error change and every 10 min, not on every run", async () => {
    await runInDurableObject(env.USER.getByName(crypto.randomUUID()), async (_instance, state) => {
      // A future clock: the runtime moves alarms set in the past to "now".
      let clock = Date.now() + 3_600_000;
      const start = clock;
      const runs = { monitoring: 0, automation: 0 };
      let failure: string | null = null;
      const tasks: ScheduledTask[] = [
        {
          name: "monitoring",
          intervalMs: 10_000,
          isActive: () => true,
          run: async () => {
            runs.monitoring++;
            if (failure) throw new Error(failure);
          },
        },
        {
          name: "automation",
          intervalMs: 30_000,
          isActive: () => true,
          run: async () => void runs.automation++,
        },
      ];
      const host = { db: openUserDb(state.storage), storage: state.storage, now: () => clock, log: () => {} };
      const scheduler = new Scheduler(host, tasks);
      const tickEvery10s = (ticks: number) =>
        rowsWrittenBy(state.storage, async () => {
          for (let k = 0; k < ticks; k++) {
            await scheduler.onAlarm();
            clock += 10_000;
          }
        });

      // First runs: both rows inserted (a row and its primary-key index entry each).
      const first = await tickEvery10s(1);
      expect(first.byTable).toEqual({ scheduled_tasks: 4 });
      // The next 59 alarms (just under 10 min): 59 monitoring and 19 automation runs, no row written.
      const quiet = await tickEvery10s(59);
      expect(runs).toEqual({ monitoring: 60, automation: 20 });
      expect(quiet.total).toBe(0);
      // Status and scheduling use the runs held in memory.
      expect(await state.storage.getAlarm()).toBe(clock);
      expect(Object.fromEntries(scheduler.status().map((s) => [s.name, s.runCount]))).toEqual({
        monitoring: 60,
        automation: 20,
      });
      // 10 min after the rows were written: both are brought up to date (an update: one row each).
      expect(clock - start).toBe(SCHEDULER_CHECKPOINT_MS);
      const checkpoint = await tickEvery10s(1);
      expect(checkpoint.byTable).toEqual({ scheduled_tasks: 2 });
      const stored = () =>
        host.db.all<{ name: string; runCount: number; lastError: string | null }>(
          "SELECT name, run_count AS runCount, last_error AS lastError FROM scheduled_tasks ORDER BY name",
        );
      expect(stored()).toEqual([
        { name: "automation", runCount: 21, lastError: null },
        { name: "monitoring", runCount: 61, lastError: null },
      ]);

      // A failing run is written at once (the error is news); the same error on the next runs is not.
      failure = "RPC down";
      const failing = await tickEvery10s(3);
      expect(failing.byTable).toEqual({ scheduled_tasks: 1 });
      expect(stored()[1]).toEqual({ name: "monitoring", runCount: 62, lastError: "RPC down" });
      failure = null;
      expect((await tickEvery10s(1)).byTable).toEqual({ scheduled_tasks: 1 });
      expect(scheduler.status().find((s) => s.name === "monitoring")).toMatchObject({
        runCount: 65,
        lastError: null,
      });
    });
  });

  it("the row is the authority: cleared or changed by someone else, and after a restart", async () => {
    await runInDurableObject(env.USER.getByName(crypto.randomUUID()), async (_instance, state) => {
      let clock = Date.now() + 3_600_000;
      let runs = 0;
      const tasks: ScheduledTask[] = [
        { name: "automation", intervalMs: 30_000, isActive: () => true, run: async () => void runs++ },
      ];
      const host = { db: openUserDb(state.storage), storage: state.storage, now: () => clock, log: () => {} };
      const scheduler = new Scheduler(host, tasks);
      await scheduler.onAlarm();
      clock += 30_000;
      await scheduler.onAlarm(); // in memory only
      expect(runs).toBe(2);
      expect(await scheduler.reschedule()).toBe(clock + 30_000);

      // A restarted object (memory gone) reads the row, 30 s older: the task is due at once.
      const restarted = new Scheduler(host, tasks);
      expect(await restarted.reschedule()).toBe(clock);

      // A row cleared by someone else (a test, the benchmark) makes the task due now, and is written again.
      state.storage.sql.exec("DELETE FROM scheduled_tasks");
      expect(await scheduler.reschedule()).toBe(clock);
      await scheduler.onAlarm();
      expect(runs).toBe(3);
      expect(scheduler.status()).toEqual([
        { name: "automation", lastRunAt: new Date(clock).toISOString(), lastError: null, runCount: 1 },
      ]);
    });
  });
  it("a task due now (woken) runs at the next alarm, whatever its interval; then its interval holds again", async () => {
    await runInDurableObject(env.USER.getByName(crypto.randomUUID()), async (_instance, state) => {
      let clock = Date.now() + 3_600_000;
      let woken = false;
      let runs = 0;
      const task: ScheduledTask = {
        name: "automation",
        intervalMs: 3_600_000,
        isActive: () => true,
        dueNow: () => woken,
        run: async () => {
          woken = false;
          runs++;
        },
      };
      const host = { db: openUserDb(state.storage), storage: state.storage, now: () => clock, log: () => {} };
      const scheduler = new Scheduler(host, [task]);
      await scheduler.onAlarm();
      expect(runs).toBe(1);
      expect(await state.storage.getAlarm()).toBe(clock + 3_600_000);
      clock += 5_000;
      await scheduler.onAlarm(); // not due: an hour's interval
      expect(runs).toBe(1);
      woken = true;
      expect(await scheduler.reschedule()).toBe(clock);
      await scheduler.onAlarm();
      expect(runs).toBe(2);
      expect(await state.storage.getAlarm()).toBe(clock + 3_600_000);
    });
  });

  it("a task that cannot say whether it is active stops neither the others nor the alarm; its error is kept", async () => {
    await runInDurableObject(env.USER.getByName(crypto.randomUUID()), async (_instance, state) => {
      let clock = Date.now() + 3_600_000;
      let monitoringRuns = 0;
      let sessionRuns = 0;
      const broken = () => {
        throw new Error("stored rule unreadable");
      };
      const tasks: ScheduledTask[] = [
        {
          name: "monitoring",
          intervalMs: 10_000,
          isActive: () => true,
          run: async () => void monitoringRuns++,
        },
        { name: "automation", intervalMs: 30_000, isActive: broken, run: async () => broken() },
        {
          name: "session-expiry",
          intervalMs: 60_000,
          isActive: () => true,
          run: async () => void sessionRuns++,
        },
      ];
      const logged: unknown[] = [];
      const host = {
        db: openUserDb(state.storage),
        storage: state.storage,
        now: () => clock,
        log: (event: unknown) => void logged.push(event),
      };
      const scheduler = new Scheduler(host, tasks);
      for (let tick = 0; tick < 3; tick++) {
        await scheduler.onAlarm();
        // Re-armed for the next monitoring check every time.
        expect(await state.storage.getAlarm()).toBe(clock + 10_000);
        clock += 10_000;
      }
      expect({ monitoringRuns, sessionRuns }).toEqual({ monitoringRuns: 3, sessionRuns: 1 });
      expect(scheduler.status().find((s) => s.name === "automation")).toMatchObject({
        lastError: "stored rule unreadable",
        runCount: 1,
      });
      expect(logged).toContainEqual(expect.objectContaining({ level: "error", task: "automation" }));
    });
  });

  it("a task failing run after run is told once after 3 runs, and its recovery once; a failure or two is not", async () => {
    await runInDurableObject(env.USER.getByName(crypto.randomUUID()), async (_instance, state) => {
      let clock = Date.now() + 3_600_000;
      let failing = false;
      const task: ScheduledTask = {
        name: "automation",
        intervalMs: 30_000,
        isActive: () => true,
        run: async () => {
          if (failing) throw new Error("stored row unreadable");
        },
      };
      const told: string[] = [];
      const host = {
        db: openUserDb(state.storage),
        storage: state.storage,
        now: () => clock,
        log: () => {},
        taskHealth: {
          told: state.storage.kv,
          failing: (name: string) => void told.push(`failing ${name}`),
          recovered: (name: string) => void told.push(`recovered ${name}`),
        },
      };
      let scheduler = new Scheduler(host, [task]);
      const runs = async (n: number) => {
        for (let k = 0; k < n; k++) {
          await scheduler.onAlarm();
          clock += 30_000;
        }
      };
      // Two failures, then a clean run: nothing to tell.
      failing = true;
      await runs(2);
      failing = false;
      await runs(1);
      expect(told).toEqual([]);
      // Failing for good: told at the third failure in a row, once, also across an eviction.
      failing = true;
      await runs(5);
      scheduler = new Scheduler(host, [task]);
      await runs(4);
      expect(told).toEqual([`failing automation`]);
      // Back: told once.
      failing = false;
      await runs(3);
      expect(told).toEqual([`failing automation`, `recovered automation`]);
    });
  });
});
