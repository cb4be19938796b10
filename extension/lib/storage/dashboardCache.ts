import { z } from "zod";
import { dashboardMeSchema, dashboardPortfolioSchema } from "../api/contract";
import { messageErrorSchema } from "../messages";
import { storedItem } from "./storedItem";

/**
 * The last dashboard data the background fetched. The popup paints from it at once (stale while revalidating)
 * and re-renders when the background writes a fresh copy. `error` is the last refresh's failure, kept beside
 * the older data rather than replacing it.
 */
export const dashboardCacheSchema = z.object({
  me: dashboardMeSchema,
  /** null until the API serves portfolios (or when it has none for this user). */
  portfolio: dashboardPortfolioSchema.nullable(),
  fetchedAt: z.number().int(),
  /**
   * When `me` (and so its watch status) was read. `fetchedAt` moves with every pushed portfolio too, while the
   * watch status stays as read: lateness is judged as of this (lib/watch/watchHealth.ts `watchHeartbeat`).
   */
  meReadAt: z.number().int().optional(),
  error: messageErrorSchema.nullable(),
});
export type DashboardCache = z.infer<typeof dashboardCacheSchema>;

export const dashboardCacheItem = storedItem("vigil:dashboard", dashboardCacheSchema.nullable(), null);

/** The last refresh failure when there is no cached data to show beside it. */
export const dashboardErrorItem = storedItem("vigil:dashboardError", messageErrorSchema.nullable(), null);
