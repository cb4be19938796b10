import { eq } from "drizzle-orm";
import type { UserDb } from "../db";
import { scheduledTasks } from "../tables/scheduler";

/** A periodic job (automation tick, monitoring) that shares the Durable Object's one alarm. */
export interface ScheduledTask {
  name: string;
  intervalMs: number;
  /** Inactive tasks cost nothing: no alarm is set for them (idle users). */
  isActive(): boolean | Promise<boolean>;
  run(now: number): Promise<void>;
}

export interface SchedulerHost {
  db: UserDb;
  storage: Pick<DurableObjectStorage, "getAlarm" | "setAlarm" | "deleteAlarm">;
  now(): number;
  log(event: Record<string, unknown>): void;
}

/**
 * The arbiter of the single alarm. Tasks never touch the alarm themselves; they are run when due and the alarm is
 * re-armed in `finally` for the earliest next run. Alarms are at-least-once, so tasks must be idempotent.
 */
export class Scheduler {
  constructor(
    private readonly host: SchedulerHost,
    private readonly tasks: readonly ScheduledTask[],
  ) {}

  private lastRun(name: string): number | null {
    const row = this.host.db.select().from(scheduledTasks).where(eq(scheduledTasks.name, name)).get();
    return row?.lastRunAt?.getTime() ?? null;
  }

  private async nextRunAt(task: ScheduledTask, now: number): Promise<number | null> {
    if (!(await task.isActive())) return null;
    const last = this.lastRun(task.name);
    return last === null ? now : Math.max(now, last + task.intervalMs);
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
          error = cause instanceof Error ? cause.message : String(cause);
          this.host.log({ level: "error", msg: "scheduled task failed", task: task.name, error });
        }
        const previous = this.host.db
          .select()
          .from(scheduledTasks)
          .where(eq(scheduledTasks.name, task.name))
          .get();
        this.host.db
          .insert(scheduledTasks)
          .values({ name: task.name, lastRunAt: new Date(now), lastError: error, runCount: 1 })
          .onConflictDoUpdate({
            target: scheduledTasks.name,
            set: { lastRunAt: new Date(now), lastError: error, runCount: (previous?.runCount ?? 0) + 1 },
          })
          .run();
      }
    } finally {
      await this.reschedule();
    }
  }

  status(): { name: string; lastRunAt: string | null; lastError: string | null; runCount: number }[] {
    return this.host.db
      .select()
      .from(scheduledTasks)
      .all()
      .map((row) => ({
        name: row.name,
        lastRunAt: row.lastRunAt?.toISOString() ?? null,
        lastError: row.lastError,
        runCount: row.runCount,
      }));
  }
}
