import type { StoredPayloadInput } from "../../../shared/schemas/ws";

/** What each scheduled task is, in the user's words (worker/user/capabilities/scheduler.ts names them). */
const TASK_WORDS: Record<string, { what: string; stops: string }> = {
  monitoring: {
    what: "Checks of your positions",
    stops: "no risk alert can come until they run again",
  },
  automation: {
    what: "Your automation rules",
    stops: "no rule can propose anything until they run again",
  },
  "session-expiry": {
    what: "Session checks",
    stops: "signed-out browsers may stay connected until they run again",
  },
  forward_alerts: {
    what: "Alerts of a watched account",
    stops: "its alerts wait until they can be sent",
  },
};

/** The one notification for a task that stopped working (`failing`) or works again (`recovered`). */
export function taskHealthNotice(
  task: string,
  state: "failing" | "recovered",
): StoredPayloadInput<"notification"> {
  const words = TASK_WORDS[task] ?? {
    what: "A part of Vigil's watch",
    stops: "it does nothing until it runs again",
  };
  return state === "failing"
    ? {
        level: "error",
        title: `${words.what} have stopped working`,
        message: `They failed on each of their last runs: ${words.stops}. Vigil keeps trying and will tell you when they work again.`,
        transactionId: null,
        watchProblem: `task:${task}`,
      }
    : {
        level: "success",
        title: `${words.what} work again`,
        message: "They ran without error: Vigil is back to normal here.",
        transactionId: null,
        watchProblem: `task:${task}`,
      };
}
