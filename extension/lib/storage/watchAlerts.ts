import { z } from "zod";
import { storedItem } from "./storedItem";

/**
 * The watch problems the user has been told about and that still hold: each is notified once when it starts,
 * and forgotten when it ends, so the next occurrence is told again. An ended one leaves `back:<key>`, its
 * recovery notice, until the problem comes back (that card is then cleared) or the user signs out.
 */
export const notifiedWatchProblemsItem = storedItem("vigil:watchProblems", z.array(z.string()), []);

/**
 * The account Vigil watches for this browser, kept in local storage (which outlives the browser, unlike the
 * session): if the session is gone without the user signing out (the browser closed, which clears it), the
 * watch has stopped and the user is told on the next start.
 */
export const watchedAccountItem = storedItem(
  "vigil:watchedAccount",
  z.object({ address: z.string() }).nullable(),
  null,
);

/** The watch ended without the user signing out (session revoked or run out): the popup says so until sign-in. */
export const watchStoppedSchema = z.object({ address: z.string(), at: z.number().int() });
export type WatchStopped = z.infer<typeof watchStoppedSchema>;
export const watchStoppedItem = storedItem("vigil:watchStopped", watchStoppedSchema.nullable(), null);
