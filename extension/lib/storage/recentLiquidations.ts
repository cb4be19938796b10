import { z } from "zod";
import { addressSchema } from "../../../shared/schemas/common";
import { liquidationSchema } from "../../../shared/schemas/ws";
import { storedItem } from "./storedItem";

/**
 * Liquidations Vigil told, kept so the popup can still say so after the notification is gone (a toast is easy to
 * miss, and a liquidation is the one thing a user must not miss). Unsaid when the chain undoes one (a reorg).
 */
export const recentLiquidationSchema = z.object({
  account: addressSchema.nullable(),
  chainId: z.number().int().positive().nullable(),
  liquidation: liquidationSchema,
  /**
   * When Vigil saw it (ms, this clock): what "a week" counts from. The block's own time is the chain's clock,
   * which a devnet or a lagging node may set far from this one.
   */
  seenAt: z.number().int(),
  /** The user closed it in the popup; kept so a replay of the same alert does not bring it back. */
  dismissed: z.boolean().default(false),
});
export type RecentLiquidation = z.infer<typeof recentLiquidationSchema>;

export const recentLiquidationsItem = storedItem(
  "vigil:recentLiquidations",
  z.array(recentLiquidationSchema),
  [],
);

/** Shown for a week after it happened; the newest few only. */
export const RECENT_LIQUIDATION_MS = 7 * 24 * 3_600_000;
export const MAX_RECENT_LIQUIDATIONS = 5;

export interface LiquidationKey {
  chainId: number | null;
  txHash: string;
  logIndex: number;
}

const sameLiquidation = (entry: RecentLiquidation, key: LiquidationKey) =>
  entry.chainId === key.chainId &&
  entry.liquidation.txHash.toLowerCase() === key.txHash.toLowerCase() &&
  entry.liquidation.logIndex === key.logIndex;

const keyOf = (entry: RecentLiquidation): LiquidationKey => ({
  chainId: entry.chainId,
  txHash: entry.liquidation.txHash,
  logIndex: entry.liquidation.logIndex,
});

/** The list with `entry` in it (once, whatever the replays), newest first, without what is over a week old. */
export function withLiquidation(
  list: readonly RecentLiquidation[],
  entry: Omit<RecentLiquidation, "dismissed">,
  now: number,
): RecentLiquidation[] {
  const known = list.find((e) => sameLiquidation(e, keyOf({ ...entry, dismissed: false })));
  const merged = known ? list : [...list, { ...entry, dismissed: false }];
  return merged
    .filter((e) => now - e.seenAt <= RECENT_LIQUIDATION_MS)
    .sort((a, b) => b.seenAt - a.seenAt)
    .slice(0, MAX_RECENT_LIQUIDATIONS);
}

/** The list without the liquidation a reorganisation undid. */
export function withoutLiquidation(
  list: readonly RecentLiquidation[],
  key: LiquidationKey,
): RecentLiquidation[] {
  return list.filter((e) => !sameLiquidation(e, key));
}

/** The list with that liquidation marked closed by the user. */
export function dismissLiquidation(
  list: readonly RecentLiquidation[],
  key: LiquidationKey,
): RecentLiquidation[] {
  return list.map((e) => (sameLiquidation(e, key) ? { ...e, dismissed: true } : e));
}

/** What the popup shows: not dismissed, not older than a week. */
export function shownLiquidations(list: readonly RecentLiquidation[], now: number): RecentLiquidation[] {
  return list.filter((e) => !e.dismissed && now - e.seenAt <= RECENT_LIQUIDATION_MS);
}
