import type { AavePoolAction, PresignBlock } from "../lib/messages/presignPreview";

/**
 * Whether the pre-sign card must stop the user, as Rabby does for a dangerous transaction. Only a borrow or a
 * withdraw lowers the health factor; a supply or repay that still leaves it low is the way out, never blocked.
 * Below 1 the Pool itself refuses a borrow or withdraw (and a position there is liquidatable); below the user's
 * alert threshold it is the risk they asked to be warned about.
 */
export function presignBlock(
  action: AavePoolAction,
  healthFactorAfter: number | null,
  alertThreshold: number,
): PresignBlock {
  if (action !== "borrow" && action !== "withdraw") return null;
  if (healthFactorAfter === null) return null;
  if (healthFactorAfter < 1) return "liquidatable";
  if (healthFactorAfter < alertThreshold) return "belowAlert";
  return null;
}
