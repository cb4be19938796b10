import type { WatchStatus } from "../../../shared/schemas/watchStatus";
import { degradedChains, heartbeat } from "../../lib/watch/watchHealth";
import { chainLabel, formatAge } from "../../ui/format";

/**
 * Why a watched account is not being watched as it should, in one line for its row, or null when it is (or the
 * API did not say). The owner is also told once by notification; the row keeps saying it while it lasts.
 */
export function watchedWatchWords(watch: WatchStatus | null | undefined, now: number): string | null {
  if (watch === undefined) return null;
  if (watch === null) return "Its watch did not answer just now: alerts for it may be late.";
  const beat = heartbeat(watch, now);
  if (beat?.stopped) return "Not being watched on any chain: no alerts for it.";
  const down = degradedChains(undefined, watch);
  if (down.length > 0) {
    const since = Math.min(...down.map((chain) => Date.parse(chain.since)));
    const names = down.map((chain) => chainLabel(chain.chainId)).join(", ");
    return `${names} could not be read for it since ${formatAge(now - since)}: no alerts from there until it is back.`;
  }
  if (beat && beat.level !== "ok" && beat.lastCheckAt !== null)
    return `Its checks are late: last one ${formatAge(now - beat.lastCheckAt)}.`;
  return null;
}
