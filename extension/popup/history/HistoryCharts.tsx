import {
  Area,
  AreaChart,
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { HEALTH_FACTOR_SAFE_FROM, HEALTH_FACTOR_WARNING_FROM } from "../../../shared/words/healthFactorBand";
import { formatHealthFactor, formatUsd, formatUsdTick } from "../../ui/format";
import { healthFactorBandColors } from "../../ui/healthFactorColors";
import {
  type ChartPoint,
  HISTORY_CURVE,
  healthFactorDomain,
  type TransactionMark,
  timeTickFormatter,
  valueDomain,
} from "./chartData";

const fullTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

const MARK_COLOR = "#8a6d00";

/** A dashed vertical line where the user's own transaction confirmed. */
const markLines = (marks: readonly TransactionMark[]) =>
  marks.map((mark) => (
    <ReferenceLine
      key={`${mark.at}:${mark.title}`}
      x={mark.at}
      stroke={MARK_COLOR}
      strokeDasharray="2 2"
      className="own-transaction-mark"
      ifOverflow="extendDomain"
    />
  ));

/**
 * Net worth (collateral minus debt, so a repay is not a gain) and health factor over the range, with the
 * user's own transactions marked (this module is the lazily loaded recharts chunk).
 */
export default function HistoryCharts({ points, marks }: { points: ChartPoint[]; marks: TransactionMark[] }) {
  const tick = timeTickFormatter(points);
  const [hfLow, hfHigh] = healthFactorDomain(points);
  const axisStyle = { fontSize: 11, fill: "var(--muted)" };
  const labelFormatter = (value: unknown) => fullTime.format(Number(value));
  return (
    <>
      <section className="card chart" data-testid="value-chart">
        <h3>Net worth</h3>
        <ResponsiveContainer width="100%" height={150}>
          <AreaChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <defs>
              <linearGradient id="netValueFill" x1="0" y1="0" x2="0" y2="1">
                <stop offset="0%" stopColor="#3a5bd9" stopOpacity={0.25} />
                <stop offset="100%" stopColor="#3a5bd9" stopOpacity={0} />
              </linearGradient>
            </defs>
            <CartesianGrid stroke="#eceef2" vertical={false} />
            <XAxis
              dataKey="takenAt"
              type="number"
              scale="time"
              domain={["dataMin", "dataMax"]}
              tickFormatter={tick}
              tick={axisStyle}
              minTickGap={40}
            />
            <YAxis width={48} domain={valueDomain(points)} tick={axisStyle} tickFormatter={formatUsdTick} />
            <Tooltip
              labelFormatter={labelFormatter}
              formatter={(value, name) => [formatUsd(Number(value)), String(name)]}
            />
            {markLines(marks)}
            <Area
              type={HISTORY_CURVE}
              dataKey="netValueUsd"
              name="Net worth"
              stroke="#3a5bd9"
              fill="url(#netValueFill)"
              strokeWidth={2}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </section>
      <section className="card chart" data-testid="hf-chart">
        <h3>Health factor</h3>
        <ResponsiveContainer width="100%" height={130}>
          <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <ReferenceArea
              y1={hfLow}
              y2={HEALTH_FACTOR_WARNING_FROM}
              fill={healthFactorBandColors.danger}
              fillOpacity={0.08}
            />
            <ReferenceArea
              y1={HEALTH_FACTOR_WARNING_FROM}
              y2={Math.min(HEALTH_FACTOR_SAFE_FROM, hfHigh)}
              fill={healthFactorBandColors.warning}
              fillOpacity={0.08}
            />
            <CartesianGrid stroke="#eceef2" vertical={false} />
            <XAxis
              dataKey="takenAt"
              type="number"
              scale="time"
              domain={["dataMin", "dataMax"]}
              tickFormatter={tick}
              tick={axisStyle}
              minTickGap={40}
            />
            <YAxis width={48} domain={[hfLow, hfHigh]} tick={axisStyle} allowDataOverflow />
            <ReferenceLine y={1} stroke={healthFactorBandColors.danger} strokeDasharray="4 3" />
            <Tooltip
              labelFormatter={labelFormatter}
              formatter={(value) => [
                formatHealthFactor(value === null ? null : Number(value)),
                "Health factor",
              ]}
            />
            {markLines(marks)}
            <Line
              type={HISTORY_CURVE}
              dataKey="healthFactor"
              stroke="#1b1f29"
              strokeWidth={2}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </section>
    </>
  );
}
