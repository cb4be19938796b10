import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import type { TestUserDurableObject } from "./testObjects";

/** The tasks of a user's object the tests run on demand (worker/user/capabilities/scheduler.ts). */
export type UserTaskName = "automation" | "monitoring";

/**
 * Runs one of the user object's scheduled tasks now, through the real alarm, begun after every step the caller
 * took before. The scheduler skips a task that ran less than its interval ago, so its last run is forgotten first:
 * what a platform retry of an alarm that died before recording it sees. An alarm the runtime is running by itself
 * meanwhile (it may have read the chain before the caller's last step) is waited for, and the task run after it.
 * Returns false when no alarm was set (nothing active).
 */
export async function runTaskNow(
  stub: DurableObjectStub<TestUserDurableObject>,
  task: UserTaskName | readonly UserTaskName[],
): Promise<boolean> {
  const tasks: readonly UserTaskName[] = typeof task === "string" ? [task] : task;
  for (let attempt = 0; attempt < 10; attempt++) {
    await stub.alarmSettled();
    await runInDurableObject(stub, (_instance, state) => {
      for (const name of tasks)
        state.storage.sql.exec("UPDATE scheduled_tasks SET last_run_at = 0 WHERE name = ?", name);
    });
    if (await runDurableObjectAlarm(stub)) return true;
    // Not run: nothing was due (an idle object), or the runtime started its own run in between; then once more.
    if (!(await stub.alarmSettled())) return false;
  }
  throw new Error(
    `the runtime kept running the alarm itself: no ${tasks.join(" + ")} run of the test's own after 10 tries`,
  );
}
