import { healthFactorBand, healthFactorLabel } from "../../../shared/words/healthFactorBand";
import { formatHealthFactorAgainst } from "../../../shared/words/healthFactorText";
import { healthFactorBandColors } from "../healthFactorColors";

/** The health factor in Aave's colours, with a word so colour is never the only signal. */
export function HealthFactorPill({
  healthFactor,
  large = false,
  alertThreshold,
}: {
  healthFactor: number | null;
  large?: boolean;
  /** The user's alert line: a figure under it is never shown rounded up to it. */
  alertThreshold?: number;
}) {
  const band = healthFactorBand(healthFactor);
  const color = healthFactorBandColors[band];
  const label = healthFactorLabel(healthFactor);
  return (
    <div className="row" data-testid="health-factor" data-band={band}>
      <span className="num" style={{ color, fontSize: large ? 30 : 15, fontWeight: 700, lineHeight: 1.1 }}>
        {formatHealthFactorAgainst(healthFactor, alertThreshold)}
      </span>
      {label !== null && (
        <span
          className="small nowrap"
          style={{
            color,
            border: `1px solid ${color}`,
            borderRadius: 999,
            padding: "1px 8px",
            fontWeight: 600,
          }}
        >
          {label}
        </span>
      )}
    </div>
  );
}
