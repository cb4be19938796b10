import type { PortfolioRisk } from "../../../shared/schemas/portfolio";
import { type LiquidationDistance, liquidationRiskSummary } from "../../../shared/words/riskWords";
import { formatProbability } from "../../ui/format";

const bandStyle = {
  low: { color: "var(--safe)", label: "Low" },
  medium: { color: "var(--warning)", label: "Medium" },
  high: { color: "var(--danger)", label: "High" },
} as const;

const horizonWords = { "24h": "next 24 hours", "7d": "next 7 days" } as const;

/**
 * The model's liquidation forecast in a borrower's words, as Aave's risk details put it: how far the main
 * collateral must fall and the odds of that at today's volatility, then the reasons; or why there is none. The
 * model's version is a tooltip, not a line.
 */
export function RiskForecast({
  risk,
  distance,
  healthFactor,
}: {
  risk: PortfolioRisk;
  /** The lowest health factor shown above: below 1 the sentence says "now", not the odds. */
  healthFactor: number | null;
  /** How far the riskiest account's main collateral is from its liquidation price, when it has one. */
  distance: LiquidationDistance | null;
}) {
  if (risk.status === "unavailable") {
    return (
      <div className="risk" data-testid="risk" data-band="unavailable">
        <div className="spread">
          <span className="label">Liquidation risk</span>
          <span className="chip muted">Unavailable</span>
        </div>
        <p className="small muted" data-testid="risk-reason">
          {risk.reason}
        </p>
      </div>
    );
  }
  const band = bandStyle[risk.band];
  return (
    <div className="risk" data-testid="risk" data-band={risk.band}>
      <div className="spread">
        <span className="label">Liquidation risk · {horizonWords[risk.horizon]}</span>
        <span
          className="chip"
          style={{ color: band.color, borderColor: band.color }}
          title={`Model ${risk.model.version}`}
        >
          {band.label}
        </span>
      </div>
      <div className="row">
        <span className="risk-probability num" style={{ color: band.color }}>
          {formatProbability(risk.probability)}
        </span>
        <div className="meter" aria-hidden="true">
          <div style={{ width: `${Math.max(2, risk.probability * 100)}%`, background: band.color }} />
        </div>
      </div>
      <p className="small" data-testid="risk-summary">
        {liquidationRiskSummary({
          distance,
          probability: risk.probability,
          horizon: risk.horizon,
          healthFactor,
        })}
      </p>
      {risk.drivers.length > 0 && (
        <ul className="drivers small" data-testid="risk-drivers">
          {risk.drivers.map((driver) => (
            <li key={driver}>{driver}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
