import { z } from "zod";
import { storedItem } from "./storedItem";

/** The newest outbox message handled: reconnects resume after it (no gap, no duplicate). */
export const lastSeqItem = storedItem("vigil:lastSeq", z.number().int().nonnegative(), 0);

export const liveStatusSchema = z.enum(["off", "connecting", "live"]);
export type LiveStatus = z.infer<typeof liveStatusSchema>;
/** The background's socket state, for the popup's connection indicator. */
export const liveStatusItem = storedItem("vigil:liveStatus", liveStatusSchema, "off");

/**
 * Since when the socket has been trying and failing to be live (null: live, or stopped on purpose — "off" is
 * signed out): watchAlerts tells the user when it lasts.
 */
export const notLiveSinceItem = storedItem("vigil:notLiveSince", z.number().int().nullable(), null);

/** Records the socket's state and since when it has been connecting without success. */
export async function recordLiveStatus(status: LiveStatus, now: number): Promise<void> {
  await liveStatusItem.set(status);
  if (status !== "connecting") await notLiveSinceItem.set(null);
  else if ((await notLiveSinceItem.get()) === null) await notLiveSinceItem.set(now);
}

const heldNoticeSchema = z.object({
  title: z.string(),
  message: z.string(),
  /** Still true now, as far as this backlog knows (a raised alert not cleared after it). */
  current: z.boolean(),
  /** A fact worth telling even when the state has passed since (a liquidation happened). */
  event: z.boolean(),
});
export type HeldNotice = z.infer<typeof heldNoticeSchema>;
/** Per subject (an account's risk, the general feed): its latest held notice and its latest event. */
const heldBacklogSchema = z.object({
  latest: z.record(z.string(), heldNoticeSchema),
  events: z.record(z.string(), heldNoticeSchema),
});
export type HeldBacklog = z.infer<typeof heldBacklogSchema>;
const noBacklog = { latest: {}, events: {} };

/**
 * Replayed alerts and notices held for their catch-up summary (background/catchUp.ts), kept beside lastSeq: they
 * are marked handled when held, so they must outlive a service worker stopped before the summary shows.
 */
export const heldRiskBacklogItem = storedItem("vigil:heldRiskBacklog", heldBacklogSchema, noBacklog);
export const heldGeneralBacklogItem = storedItem("vigil:heldGeneralBacklog", heldBacklogSchema, noBacklog);
