import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceDot,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { BacktestWindowResult } from "../../../shared/schemas/backtest";
import { chartMarkers, chartRows, HF_CHART_CAP } from "./backtestChart";

const day = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const full = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** HF with (blue) and without (grey) the rule, the liquidation line, the trigger line and the markers (lazy chunk). */
export default function BacktestChart({
  result,
  triggerHealthFactor,
}: {
  result: BacktestWindowResult;
  triggerHealthFactor: number | null;
}) {
  const rows = chartRows(result);
  const markers = chartMarkers(result);
  const axisStyle = { fontSize: 11, fill: "var(--muted)" };
  return (
    <ResponsiveContainer width="100%" height={160}>
      <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#eceef2" vertical={false} />
        <XAxis
          dataKey="at"
          type="number"
          scale="time"
          domain={["dataMin", "dataMax"]}
          tickFormatter={(v: number) => day.format(v)}
          tick={axisStyle}
          minTickGap={40}
        />
        <YAxis width={32} domain={[0, HF_CHART_CAP]} tick={axisStyle} />
        <Tooltip
          labelFormatter={(v) => `${full.format(Number(v))} UTC`}
          formatter={(value, name) => [Number(value).toFixed(2), String(name)]}
        />
        <ReferenceLine y={1} stroke="#d32f2f" strokeDasharray="4 4" />
        {triggerHealthFactor !== null && (
          <ReferenceLine y={triggerHealthFactor} stroke="#f57c00" strokeDasharray="2 4" />
        )}
        <Line
          dataKey="without"
          name="Without the rule"
          stroke="#9e9e9e"
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
        <Line
          dataKey="with"
          name="With the rule"
          stroke="#3a5bd9"
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
        {markers.map((m) => (
          <ReferenceDot
            key={`${m.run}:${m.kind}:${m.at}`}
            x={m.at}
            y={m.healthFactor}
            r={m.kind === "liquidation" ? 5 : 3.5}
            fill={m.kind === "liquidation" ? "#d32f2f" : m.run === "with" ? "#3a5bd9" : "#9e9e9e"}
            stroke="white"
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
