import type { AaveAccount } from "../../../shared/schemas/portfolio";
import { fallToLiquidation, formatFall } from "../../../shared/words/riskWords";
import { HealthFactorPill } from "../../ui/components/HealthFactorPill";
import { chainLabel, formatAmount, formatPercent, formatUsd } from "../../ui/format";
import { borrowPowerUsed, netApy } from "./positionMath";

/** One Aave V3 account on one chain: HF, borrow power, net APY, then each supply and borrow. */
export function AaveAccountCard({
  account,
  alertThreshold,
}: {
  account: AaveAccount;
  alertThreshold?: number;
}) {
  const used = borrowPowerUsed(account);
  const apy = netApy(account);
  return (
    <section className="card stack tight" data-testid="aave-account" data-chain={account.chainId}>
      <div className="spread">
        <h3>
          <span className="protocol aave">Aave V3</span> {chainLabel(account.chainId)}
        </h3>
        <HealthFactorPill healthFactor={account.healthFactor} alertThreshold={alertThreshold} />
      </div>
      <div className="facts small">
        <span>
          <span className="muted">Net APY </span>
          <strong className="num">{apy === null ? "—" : formatPercent(apy)}</strong>
        </span>
        <span>
          <span className="muted">Borrow power used </span>
          <strong className="num">{used === null ? "—" : formatPercent(used)}</strong>
        </span>
        {account.eModeCategoryId > 0 && <span className="chip">E-Mode {account.eModeCategoryId}</span>}
        {account.isolationMode && <span className="chip">Isolated</span>}
      </div>
      {account.supplies.length > 0 && (
        <table className="positions" data-testid="supplies">
          <thead>
            <tr>
              <th>Supplied</th>
              <th className="r">Value</th>
              <th className="r">APY</th>
            </tr>
          </thead>
          <tbody>
            {account.supplies.map((supply) => {
              const fall = fallToLiquidation(supply.priceUsd, supply.liquidationPriceUsd);
              return (
                <tr key={supply.asset} data-testid="supply" data-symbol={supply.symbol}>
                  <td>
                    <strong>{supply.symbol}</strong>
                    {!supply.usedAsCollateral && <span className="muted small"> · not collateral</span>}
                    <div className="small muted num">{formatAmount(supply.amount)}</div>
                    {supply.liquidationPriceUsd !== null && (
                      <div className="small num liq" data-testid="liquidation-price">
                        Liq. at {formatUsd(supply.liquidationPriceUsd)}
                        {fall !== null && (
                          <span className={fall < 0.1 ? "danger-text" : "muted"}>
                            {" "}
                            <span className="nowrap">
                              {fall > 0
                                ? `(−${formatFall(fall)} from ${formatUsd(supply.priceUsd)})`
                                : `(passed: now ${formatUsd(supply.priceUsd)})`}
                            </span>
                          </span>
                        )}
                      </div>
                    )}
                  </td>
                  <td className="r num">{formatUsd(supply.amountUsd)}</td>
                  <td className="r num safe-text">{formatPercent(supply.supplyApy)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {account.borrows.length > 0 && (
        <table className="positions" data-testid="borrows">
          <thead>
            <tr>
              <th>Borrowed</th>
              <th className="r">Value</th>
              <th className="r">APY</th>
            </tr>
          </thead>
          <tbody>
            {account.borrows.map((borrow) => (
              <tr key={borrow.asset} data-testid="borrow" data-symbol={borrow.symbol}>
                <td>
                  <strong>{borrow.symbol}</strong>
                  <div className="small muted num">{formatAmount(borrow.amount)}</div>
                </td>
                <td className="r num">{formatUsd(borrow.amountUsd)}</td>
                <td className="r num warning-text">{formatPercent(borrow.variableBorrowApy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
