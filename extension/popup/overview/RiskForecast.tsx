import type { PortfolioRisk } from "../../../shared/schemas/portfolio";
import { formatProbability } from "../../ui/format";

const bandStyle = {
  low: { color: "var(--safe)", label: "Low" },
  medium: { color: "var(--warning)", label: "Medium" },
  high: { color: "var(--danger)", label: "High" },
} as const;

const horizonWords = { "24h": "next 24 hours", "7d": "next 7 days" } as const;

/** The model's liquidation forecast: probability, band, horizon and why; or why there is none. */
export function RiskForecast({ risk }: { risk: PortfolioRisk }) {
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
        <span className="chip" style={{ color: band.color, borderColor: band.color }}>
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
      {risk.drivers.length > 0 && (
        <ul className="drivers small" data-testid="risk-drivers">
          {risk.drivers.map((driver) => (
            <li key={driver}>{driver}</li>
          ))}
        </ul>
      )}
      <p className="small muted">Model {risk.model.version}</p>
    </div>
  );
}
