import { rescueOffered } from "../../shared/schemas/rescue";
import { liquidationDistance } from "../../shared/words/riskWords";
import type { Portfolio } from "../lib/api/contract";
import { HealthFactorPill } from "../ui/components/HealthFactorPill";
import { chainLabel, formatAmount, formatUsd } from "../ui/format";
import type { SupersededProposal } from "../ui/superseded";
import { AaveAccountCard } from "./overview/AaveAccountCard";
import { PriceStress } from "./overview/PriceStress";
import { healthFactorScalePosition } from "./overview/positionMath";
import { RescueCard } from "./overview/RescueCard";
import { RiskForecast } from "./overview/RiskForecast";
import { useAlertThreshold } from "./overview/useAlertThreshold";

export function PortfolioView({
  portfolio,
  superseded = [],
}: {
  portfolio: Portfolio;
  /** Pending proposals a rescue on their chain replaces (HF < 1 now). */
  superseded?: readonly SupersededProposal[];
}) {
  const { totals, risk } = portfolio;
  const aaveAccounts = portfolio.aave.filter((a) => a.supplies.length > 0 || a.borrows.length > 0);
  const restakes = portfolio.eigenLayer.filter((account) => account.positions.length > 0);
  const alertThreshold = useAlertThreshold();
  const riskiest =
    aaveAccounts
      .filter((a) => a.healthFactor !== null)
      .sort((a, b) => (a.healthFactor ?? 0) - (b.healthFactor ?? 0))[0] ?? null;
  const atRisk = aaveAccounts.filter((account) => rescueOffered(account.healthFactor, alertThreshold));
  return (
    <div className="stack" data-testid="portfolio">
      <section className="card stack tight">
        <div className="spread">
          <h3>Health factor</h3>
          <span className="small muted" title="The lowest over every chain">
            {portfolio.aave.length > 1 ? "lowest across chains" : ""}
          </span>
        </div>
        <HealthFactorPill healthFactor={portfolio.healthFactor} alertThreshold={alertThreshold} large />
        <div className="hf-scale" aria-hidden="true">
          <span className="danger" />
          <span className="warning" />
          <span className="safe" />
          <i style={{ left: `${healthFactorScalePosition(portfolio.healthFactor)}%` }} />
        </div>
        <div className="hf-scale-labels small muted num" aria-hidden="true">
          <span>1.0</span>
          <span>1.1</span>
          <span>3.0</span>
        </div>
        <RiskForecast
          risk={risk}
          distance={liquidationDistance(riskiest)}
          healthFactor={portfolio.healthFactor}
        />
      </section>
      {atRisk.map((account) => (
        <RescueCard
          key={`rescue-${account.chainId}`}
          account={account}
          alertThreshold={alertThreshold}
          superseded={superseded.filter((item) => item.proposal.chainId === account.chainId)}
        />
      ))}
      <section className="card totals" data-testid="totals">
        <Total label="Net worth" value={totals.netWorthUsd} strong />
        <Total label="Collateral" value={totals.collateralUsd} />
        <Total label="Debt" value={totals.debtUsd} />
        <Total label="Restaked" value={totals.restakedUsd} />
      </section>
      {aaveAccounts.map((account) => (
        <AaveAccountCard key={`aave-${account.chainId}`} account={account} alertThreshold={alertThreshold} />
      ))}
      {aaveAccounts.map((account) => (
        <PriceStress key={`stress-${account.chainId}`} account={account} />
      ))}
      {restakes.map((account) => (
        <section
          className="card stack tight"
          key={`eigen-${account.chainId}`}
          data-testid="eigenlayer-account"
        >
          <div className="spread">
            <h3>
              <span className="protocol eigen">EigenLayer</span> {chainLabel(account.chainId)}
            </h3>
            <span className="num small">{formatUsd(account.totalUsd)}</span>
          </div>
          <table className="positions">
            <thead>
              <tr>
                <th>Restaked</th>
                <th className="r">Value</th>
              </tr>
            </thead>
            <tbody>
              {account.positions.map((position) => (
                <tr key={position.strategy} data-testid="restake" data-symbol={position.symbol}>
                  <td>
                    <strong>{position.symbol}</strong>
                    <div className="small muted num">{formatAmount(position.amount)}</div>
                  </td>
                  <td className="r num">
                    {position.amountUsd === null ? "no price" : formatUsd(position.amountUsd)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}

function Total({ label, value, strong = false }: { label: string; value: number; strong?: boolean }) {
  return (
    <div>
      <div className="label">{label}</div>
      <div className={`value num${strong ? " strong" : ""}`}>{formatUsd(value)}</div>
    </div>
  );
}
