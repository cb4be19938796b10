import { useEffect, useState } from "react";
import { liquidationSummary } from "../../../shared/words/liquidationWords";
import {
  dismissLiquidation,
  type RecentLiquidation,
  recentLiquidationsItem,
  shownLiquidations,
} from "../../lib/storage/recentLiquidations";
import { chainLabel, formatAge, shortAddress } from "../../ui/format";

/**
 * A liquidation of the last week, until the user closes it: the notification alone is easy to miss, and the
 * dashboard after it shows only a smaller position. Kept by the background from the API's alerts, unsaid when a
 * reorganisation undoes it.
 */
export function RecentLiquidations({ account, now }: { account: string; now: number }) {
  const [list, setList] = useState<RecentLiquidation[]>([]);
  useEffect(() => {
    void recentLiquidationsItem.get().then(setList);
    return recentLiquidationsItem.watch(setList);
  }, []);
  const shown = shownLiquidations(list, now);
  if (shown.length === 0) return null;
  const close = async (entry: RecentLiquidation) =>
    recentLiquidationsItem.set(
      dismissLiquidation(await recentLiquidationsItem.get(), {
        chainId: entry.chainId,
        txHash: entry.liquidation.txHash,
        logIndex: entry.liquidation.logIndex,
      }),
    );
  return (
    <div className="stack" data-testid="recent-liquidations">
      {shown.map((entry) => {
        const other = entry.account && entry.account.toLowerCase() !== account.toLowerCase();
        return (
          <div
            key={`${entry.chainId}:${entry.liquidation.txHash}:${entry.liquidation.logIndex}`}
            className="notice error"
            role="alert"
            data-testid="recent-liquidation"
          >
            <strong>
              {other && entry.account
                ? `${shortAddress(entry.account)} was liquidated`
                : "You were liquidated"}
            </strong>{" "}
            on Aave{entry.chainId ? ` (${chainLabel(entry.chainId)})` : ""} {formatAge(now - entry.seenAt)}:{" "}
            {liquidationSummary(entry.liquidation)}.{" "}
            <button type="button" className="button link small" onClick={() => void close(entry)}>
              Dismiss
            </button>
          </div>
        );
      })}
    </div>
  );
}
