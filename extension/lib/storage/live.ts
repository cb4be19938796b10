import { z } from "zod";
import { storedItem } from "./storedItem";

/** The newest outbox message handled: reconnects resume after it (no gap, no duplicate). */
export const lastSeqItem = storedItem("vigil:lastSeq", z.number().int().nonnegative(), 0);

export const liveStatusSchema = z.enum(["off", "connecting", "live"]);
export type LiveStatus = z.infer<typeof liveStatusSchema>;
/** The background's socket state, for the popup's connection indicator. */
export const liveStatusItem = storedItem("vigil:liveStatus", liveStatusSchema, "off");
