import { z } from "zod";
import { chainIdSchema, isoDateTimeSchema } from "./common";

/**
 * How well Vigil is watching, per chain and as a whole. One chain down is one chain down: a chain that failed
 * says so here while the others keep their data; a watch that stopped (alarm lost, every chain failing) shows in
 * `lastCheckAt` growing old. Used by `GET /portfolios` (chains) and `GET /me` (watch).
 */

/** ok: read in the last attempt. unavailable: its RPC failed (last good data is served, with its age). not_watched:
 * configured but not watched for this user (no session, or the chain is not served). */
export const chainWatchStatusSchema = z.enum(["ok", "unavailable", "not_watched"]);
export type ChainWatchStatus = z.infer<typeof chainWatchStatusSchema>;

export const chainStatusSchema = z
  .object({
    chainId: chainIdSchema,
    status: chainWatchStatusSchema,
    /** Since when the chain has been in this status. */
    since: isoDateTimeSchema,
    /** When Vigil will try an unavailable chain again. */
    retryAt: isoDateTimeSchema.optional(),
    /** When the data served for this chain was read (its age, for a stale chain). */
    dataAsOf: isoDateTimeSchema.nullable().optional(),
    /** Why it is unavailable, in words a user can read (no URLs). */
    reason: z.string().optional(),
  })
  .meta({ id: "ChainStatus" });
export type ChainStatus = z.infer<typeof chainStatusSchema>;

/** The watcher's heartbeat: each completed check is recorded; checks that stop for 3 intervals are a failure. */
export const watchStatusSchema = z
  .object({
    /** The last check that completed (on at least one chain); null before the first. */
    lastCheckAt: isoDateTimeSchema.nullable(),
    /** When the next check is due. null: nothing scheduled (not watching). */
    nextCheckAt: isoDateTimeSchema.nullable(),
    /** The check interval the heartbeat is judged by. */
    intervalSeconds: z.number().int().positive(),
    chains: z.array(chainStatusSchema),
  })
  .meta({ id: "WatchStatus" });
export type WatchStatus = z.infer<typeof watchStatusSchema>;

/** Checks missing for longer than this many intervals mean the watch has stopped (amber, then red and notify). */
export const WATCH_STALE_AFTER_INTERVALS = 3;

/** A chain unreadable this long (its own retries failing) is told: shorter outages pass unnoticed by design. */
export const CHAIN_DOWN_NOTIFY_AFTER_MS = 10 * 60_000;
