import type { Portfolio } from "../lib/api/contract";
import { HealthFactorPill } from "../ui/components/HealthFactorPill";
import { chainLabel, formatAmount, formatPercent, formatProbability, formatUsd } from "../ui/format";

const riskColor = { low: "var(--safe)", medium: "var(--warning)", high: "var(--danger)" } as const;

export function PortfolioView({ portfolio }: { portfolio: Portfolio }) {
  const { totals, risk } = portfolio;
  return (
    <div className="stack" data-testid="portfolio">
      <section className="card stack">
        <div className="spread">
          <h3>Health factor</h3>
          {risk.status === "ok" ? (
            <span
              className="small"
              style={{ color: riskColor[risk.band], fontWeight: 600 }}
              data-testid="risk"
            >
              {formatProbability(risk.probability)} liquidation risk · {risk.horizon}
            </span>
          ) : (
            <span className="small muted" title={risk.reason} data-testid="risk">
              Risk forecast unavailable
            </span>
          )}
        </div>
        <HealthFactorPill healthFactor={portfolio.healthFactor} large />
        <div className="totals">
          <Total label="Collateral" value={totals.collateralUsd} />
          <Total label="Debt" value={totals.debtUsd} />
          <Total label="Restaked" value={totals.restakedUsd} />
          <Total label="Net worth" value={totals.netWorthUsd} />
        </div>
      </section>
      {portfolio.aave.map((account) => (
        <section className="card" key={`aave-${account.chainId}`} data-testid="aave-account">
          <div className="spread">
            <h3>Aave V3 · {chainLabel(account.chainId)}</h3>
            <HealthFactorPill healthFactor={account.healthFactor} />
          </div>
          {account.supplies.map((supply) => (
            <div className="position" key={`s-${supply.asset}`}>
              <strong>Supplied {supply.symbol}</strong>
              <span className="num">{formatUsd(supply.amountUsd)}</span>
              <span className="small muted num">
                {formatAmount(supply.amount)} · {formatPercent(supply.supplyApy)} APY
              </span>
              <span className="small muted num">
                {supply.liquidationPriceUsd !== null ? `liq. ${formatUsd(supply.liquidationPriceUsd)}` : ""}
              </span>
            </div>
          ))}
          {account.borrows.map((borrow) => (
            <div className="position" key={`b-${borrow.asset}`}>
              <strong>Borrowed {borrow.symbol}</strong>
              <span className="num">{formatUsd(borrow.amountUsd)}</span>
              <span className="small muted num">
                {formatAmount(borrow.amount)} · {formatPercent(borrow.variableBorrowApy)} APY
              </span>
              <span />
            </div>
          ))}
        </section>
      ))}
      {portfolio.eigenLayer
        .filter((account) => account.positions.length > 0)
        .map((account) => (
          <section className="card" key={`eigen-${account.chainId}`} data-testid="eigenlayer-account">
            <h3>EigenLayer · {chainLabel(account.chainId)}</h3>
            {account.positions.map((position) => (
              <div className="position" key={position.strategy}>
                <strong>Restaked {position.symbol}</strong>
                <span className="num">
                  {position.amountUsd === null ? "—" : formatUsd(position.amountUsd)}
                </span>
                <span className="small muted num">{formatAmount(position.amount)}</span>
                <span />
              </div>
            ))}
          </section>
        ))}
    </div>
  );
}

function Total({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <div className="label">{label}</div>
      <div className="value num">{formatUsd(value)}</div>
    </div>
  );
}
