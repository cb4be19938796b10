import { eq } from "drizzle-orm";
import type { UserDb } from "../db";
import { scheduledTasks } from "../tables/scheduler";

/** A periodic job (automation tick, monitoring) that shares the Durable Object's one alarm. */
export interface ScheduledTask {
  name: string;
  intervalMs: number;
  /** Inactive tasks cost nothing: no alarm is set for them (idle users). */
  isActive(): boolean | Promise<boolean>;
  /** Something happened that the task must see now, whatever its interval (e.g. a wake for a rule's line). */
  dueNow?(): boolean;
  run(now: number): Promise<void>;
}

export interface SchedulerHost {
  db: UserDb;
  storage: Pick<DurableObjectStorage, "getAlarm" | "setAlarm" | "deleteAlarm">;
  now(): number;
  log(event: Record<string, unknown>): void;
  /**
   * A task failed FAILING_RUNS_TO_TELL runs in a row (`failing`), or ran again after that was told (`recovered`).
   * Each is reported once per episode: the user must hear that a part of the watch stopped, and that it is back.
   */
  taskHealth?: {
    told: Pick<SyncKvStorage, "get" | "put" | "delete">;
    failing(task: string): void;
    recovered(task: string): void;
  };
}

/**
 * Runs in a row a task must fail before it is told: one failed run is retried at the next tick and says little
 * (upstream faults are data, not throws); three in a row is a task that does not work.
 */
export const FAILING_RUNS_TO_TELL = 3;
const TOLD_PREFIX = "scheduler:failingTold:";
/** How often a task whose own state cannot be read is tried again (its interval cannot be read either). */
export const UNREADABLE_TASK_RETRY_MS = 30_000;

/**
 * A task's row may lag its last run by this much. The row is bookkeeping (when each task last ran, how often,
 * its last error); written after every run it cost a SQLite row per task per tick (monitoring every 10 s).
 */
export const SCHEDULER_CHECKPOINT_MS = 10 * 60_000;

interface TaskRecord {
  lastRunAt: number | null;
  lastError: string | null;
  runCount: number;
}

const errorText = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

const sameRecord = (a: TaskRecord | null, b: TaskRecord | null) =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.lastRunAt === b.lastRunAt &&
    a.lastError === b.lastError &&
    a.runCount === b.runCount);

/**
 * The arbiter of the single alarm. Tasks never touch the alarm themselves; they are run when due and the alarm is
 * re-armed in `finally` for the earliest next run. Alarms are at-least-once, so tasks must be idempotent.
 *
 * Each task's row (scheduled_tasks) is written when its error changes, when it has no row yet, and otherwise at
 * most every SCHEDULER_CHECKPOINT_MS; the runs in between are kept in memory. The row stays the authority: when it
 * no longer holds what this instance last wrote or read (another writer, a test or bench clearing it), the row
 * wins. After an eviction the memory is gone and the row's older lastRunAt makes the task due at once: one early,
 * harmless run (the tasks are idempotent), never a missed one.
 */
export class Scheduler {
  /** Per task: the row as this instance last wrote or read it, and the newest run (not yet written, maybe). */
  private readonly known = new Map<string, { stored: TaskRecord | null; latest: TaskRecord }>();
  /** Per task: failed runs in a row (memory: after an eviction the count starts again, the told mark does not). */
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly host: SchedulerHost,
    private readonly tasks: readonly ScheduledTask[],
  ) {}

  private storedRecord(name: string): TaskRecord | null {
    const row = this.host.db.select().from(scheduledTasks).where(eq(scheduledTasks.name, name)).get();
    return row
      ? { lastRunAt: row.lastRunAt?.getTime() ?? null, lastError: row.lastError, runCount: row.runCount }
      : null;
  }

  /** The task's latest run: this instance's memory while the row is as it left it, else the row. */
  private record(name: string): TaskRecord | null {
    const stored = this.storedRecord(name);
    const known = this.known.get(name);
    if (known && sameRecord(known.stored, stored)) return known.latest;
    if (stored) this.known.set(name, { stored, latest: stored });
    else this.known.delete(name);
    return stored;
  }

  /**
   * When the task runs next (null: inactive). A task that cannot even say whether it is active or how often it
   * runs (a stored row it reads is broken) counts as active every UNREADABLE_TASK_RETRY_MS: its run then fails and
   * records why, and neither the other tasks nor the re-arming of the alarm stop for it. Left to throw, it would
   * end the alarm without setting the next: monitoring would stop for the user, silently.
   */
  private async nextRunAt(task: ScheduledTask, now: number): Promise<number | null> {
    let active: boolean;
    let dueNow = false;
    let intervalMs = UNREADABLE_TASK_RETRY_MS;
    try {
      active = await task.isActive();
      dueNow = active && (task.dueNow?.() ?? false);
      if (active) intervalMs = task.intervalMs;
    } catch (cause) {
      this.host.log({
        level: "error",
        msg: "scheduled task state unreadable",
        task: task.name,
        error: errorText(cause),
      });
      active = true;
    }
    if (!active) return null;
    if (dueNow) return now;
    const last = this.record(task.name)?.lastRunAt ?? null;
    return last === null ? now : Math.max(now, last + intervalMs);
  }

  /** Arms the alarm for the earliest active task, or clears it when nothing is active. */
  async reschedule(): Promise<number | null> {
    const now = this.host.now();
    let earliest: number | null = null;
    for (const task of this.tasks) {
      const at = await this.nextRunAt(task, now);
      if (at !== null && (earliest === null || at < earliest)) earliest = at;
    }
    if (earliest === null) await this.host.storage.deleteAlarm();
    else await this.host.storage.setAlarm(earliest);
    return earliest;
  }

  /** The Durable Object's alarm() handler. */
  async onAlarm(): Promise<void> {
    try {
      const now = this.host.now();
      for (const task of this.tasks) {
        const at = await this.nextRunAt(task, now);
        if (at === null || at > now) continue;
        let error: string | null = null;
        try {
          await task.run(now);
        } catch (cause) {
          error = errorText(cause);
          this.host.log({ level: "error", msg: "scheduled task failed", task: task.name, error });
        }
        this.recordRun(task.name, now, error);
        this.tellHealth(task.name, error);
      }
    } finally {
      await this.reschedule();
    }
  }

  private tellHealth(name: string, error: string | null): void {
    const health = this.host.taskHealth;
    if (!health) return;
    const key = TOLD_PREFIX + name;
    if (error === null) {
      this.failures.delete(name);
      if (health.told.get(key) === undefined) return;
      health.told.delete(key);
      health.recovered(name);
      return;
    }
    const failures = (this.failures.get(name) ?? 0) + 1;
    this.failures.set(name, failures);
    if (failures < FAILING_RUNS_TO_TELL || health.told.get(key) !== undefined) return;
    health.told.put(key, this.host.now());
    health.failing(name);
  }

  private recordRun(name: string, now: number, error: string | null): void {
    // Re-read: the task itself may have taken long, and the row is the authority if someone changed it meanwhile.
    const previous = this.record(name);
    const stored = this.known.get(name)?.stored ?? null;
    const latest: TaskRecord = { lastRunAt: now, lastError: error, runCount: (previous?.runCount ?? 0) + 1 };
    const due =
      stored === null ||
      stored.lastError !== error ||
      stored.lastRunAt === null ||
      now - stored.lastRunAt >= SCHEDULER_CHECKPOINT_MS;
    if (!due) {
      this.known.set(name, { stored, latest });
      return;
    }
    const set = { lastRunAt: new Date(now), lastError: error, runCount: latest.runCount };
    this.host.db
      .insert(scheduledTasks)
      .values({ name, ...set })
      .onConflictDoUpdate({ target: scheduledTasks.name, set })
      .run();
    this.known.set(name, { stored: latest, latest });
  }

  status(): { name: string; lastRunAt: string | null; lastError: string | null; runCount: number }[] {
    return this.host.db
      .select({ name: scheduledTasks.name })
      .from(scheduledTasks)
      .all()
      .flatMap(({ name }) => {
        const record = this.record(name);
        if (!record) return [];
        return [
          {
            name,
            lastRunAt: record.lastRunAt === null ? null : new Date(record.lastRunAt).toISOString(),
            lastError: record.lastError,
            runCount: record.runCount,
          },
        ];
      });
  }
}
