import { browser } from "wxt/browser";
import { healthFactorBand } from "../../shared/words/healthFactorBand";
import { healthFactorBandColors } from "../ui/healthFactorColors";

/** Short enough for the toolbar badge (4 characters at most). */
export function badgeText(healthFactor: number | null): string {
  if (healthFactor === null || Number.isNaN(healthFactor)) return "";
  if (!Number.isFinite(healthFactor) || healthFactor >= 100) return "∞";
  if (healthFactor >= 10) return healthFactor.toFixed(0);
  return healthFactor.toFixed(2).slice(0, 4);
}

/** Paints the toolbar badge with the health factor in Aave's colours; `null` clears it. */
export async function setBadge(healthFactor: number | null): Promise<void> {
  await browser.action.setBadgeText({ text: badgeText(healthFactor) });
  await browser.action.setBadgeBackgroundColor({
    color: healthFactorBandColors[healthFactorBand(healthFactor)],
  });
}
