import { z } from "zod";
import { assetSymbolSchema, chainIdSchema } from "./common";
import { targetHealthFactorSchema } from "./rules";

/**
 * POST /transactions/rescue: the popup's way out of a risky position. One repay or supply sized to bring the
 * health factor back to `targetHealthFactor`, proposed (built, checked, simulated) like a rule's action.
 */
export const rescueRequestSchema = z
  .strictObject({
    chainId: chainIdSchema,
    action: z.enum(["repay", "supply"], { error: "action must be repay or supply" }),
    asset: assetSymbolSchema.meta({ description: "repay: the debt asset; supply: the collateral asset" }),
    targetHealthFactor: targetHealthFactorSchema,
  })
  .meta({ id: "RescueRequest" });
export type RescueRequest = z.infer<typeof rescueRequestSchema>;

/** Below this health factor the popup offers a rescue even when the user's alert threshold is lower. */
export const RESCUE_OFFER_BELOW = 1.1;
/** How far above the alert threshold a rescue aims, and the least it aims for. */
export const RESCUE_MARGIN = 0.2;
export const RESCUE_MIN_TARGET = 1.5;

/** Whether the popup offers Repay / Add collateral: HF under the user's alert threshold, or under 1.1. */
export function rescueOffered(healthFactor: number | null, alertThreshold: number): boolean {
  return healthFactor !== null && healthFactor < Math.max(alertThreshold, RESCUE_OFFER_BELOW);
}

/** The health factor a rescue restores: the alert threshold plus a margin, at least 1.5 (two decimals). */
export function rescueTarget(alertThreshold: number): number {
  return Math.round(Math.max(alertThreshold + RESCUE_MARGIN, RESCUE_MIN_TARGET) * 100) / 100;
}
