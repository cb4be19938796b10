import { z } from "zod";
import { storedItem } from "./storedItem";

/**
 * The watch problems the user has been told about and that still hold: each is notified once when it starts,
 * and forgotten when it ends, so the next occurrence is told again.
 */
export const notifiedWatchProblemsItem = storedItem("vigil:watchProblems", z.array(z.string()), []);

/** The watch ended without the user signing out (session revoked or run out): the popup says so until sign-in. */
export const watchStoppedSchema = z.object({ address: z.string(), at: z.number().int() });
export type WatchStopped = z.infer<typeof watchStoppedSchema>;
export const watchStoppedItem = storedItem("vigil:watchStopped", watchStoppedSchema.nullable(), null);
