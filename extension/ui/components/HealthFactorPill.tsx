import { healthFactorBand, healthFactorLabel } from "../../../shared/words/healthFactorBand";
import { formatHealthFactor } from "../format";
import { healthFactorBandColors } from "../healthFactorColors";

/** The health factor in Aave's colours, with a word so colour is never the only signal. */
export function HealthFactorPill({
  healthFactor,
  large = false,
}: {
  healthFactor: number | null;
  large?: boolean;
}) {
  const band = healthFactorBand(healthFactor);
  const color = healthFactorBandColors[band];
  const label = healthFactorLabel(healthFactor);
  return (
    <div className="row" data-testid="health-factor" data-band={band}>
      <span className="num" style={{ color, fontSize: large ? 30 : 15, fontWeight: 700, lineHeight: 1.1 }}>
        {formatHealthFactor(healthFactor)}
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
