import { lazy, Suspense, useMemo, useState } from "react";
import { sendToBackground } from "../../lib/messaging/sendToBackground";
import { formatClockTime } from "../../ui/format";
import { useBackgroundData } from "../useBackgroundData";
import {
  type HistoryRange,
  toChartPoints,
  transactionMarks,
  valueChange,
  valueChangeText,
} from "./chartData";

// recharts is most of the popup's weight: it loads in its own chunk when this tab opens.
const HistoryCharts = lazy(() => import("./HistoryCharts"));

const ranges: HistoryRange[] = ["24h", "7d", "30d"];

/** `dashboardVersion` changes when the background stores a new portfolio (a live update): reload then. */
export function HistoryPanel({ dashboardVersion }: { dashboardVersion: number }) {
  const [range, setRange] = useState<HistoryRange>("24h");
  const history = useBackgroundData(
    () => sendToBackground({ type: "history/get", range }),
    `${range}:${dashboardVersion}`,
  );
  // The user's own transactions, marked on the chart; without them the chart still shows.
  const transactions = useBackgroundData(
    () => sendToBackground({ type: "transactions/list" }),
    String(dashboardVersion),
  );
  const points = useMemo(() => toChartPoints(history.data?.points ?? []), [history.data]);
  const marks = useMemo(
    () => transactionMarks(transactions.data?.transactions ?? [], points),
    [transactions.data, points],
  );
  const change = valueChange(points);

  return (
    <div className="stack" data-testid="history">
      <div className="spread">
        <div className="segmented" role="tablist" aria-label="Range">
          {ranges.map((r) => (
            <button
              key={r}
              type="button"
              role="tab"
              aria-selected={r === range}
              className={r === range ? "active" : ""}
              onClick={() => setRange(r)}
            >
              {r}
            </button>
          ))}
        </div>
        {change && (
          <span
            className={`small num ${change.usd >= 0 ? "safe-text" : "danger-text"}`}
            data-testid="value-change"
          >
            {valueChangeText(change)}
          </span>
        )}
      </div>
      {history.error && (
        <div className="notice error" role="alert">
          Couldn’t load history: {history.error.message}{" "}
          <button type="button" className="button link small" onClick={() => void history.reload()}>
            Retry
          </button>
        </div>
      )}
      {!history.data && !history.error && <ChartSkeleton />}
      {history.data && points.length < 2 && (
        <div className="card state small" data-testid="history-empty">
          <p className="muted">
            Not enough history for {range} yet. Vigil records a point each time it checks your positions; come
            back in a little while.
          </p>
        </div>
      )}
      {history.data && points.length >= 2 && (
        <Suspense fallback={<ChartSkeleton />}>
          <HistoryCharts points={points} marks={marks} />
        </Suspense>
      )}
      {history.data && points.length >= 2 && marks.length > 0 && (
        <ul className="small muted history-marks" data-testid="history-own-transactions">
          {marks.map((mark) => (
            <li key={`${mark.at}:${mark.title}`}>
              <span className="num">{formatClockTime(mark.at)}</span> {mark.title}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ChartSkeleton() {
  return (
    <div className="stack" aria-busy="true">
      <div className="card">
        <div className="skeleton" style={{ height: 150 }} />
      </div>
      <div className="card">
        <div className="skeleton" style={{ height: 120 }} />
      </div>
    </div>
  );
}
