import { useState } from "react";
import { healthFactorAfterPriceMoves } from "../../../shared/aave/priceStress";
import type { AaveAccount } from "../../../shared/schemas/portfolio";
import { HealthFactorPill } from "../../ui/components/HealthFactorPill";
import { formatUsd } from "../../ui/format";
import { stressGroups } from "./stressGroups";

const RANGE = 60;
const signedPercent = (move: number) => `${move > 0 ? "+" : move < 0 ? "−" : "±"}${Math.abs(move)} %`;

/**
 * "What if prices move?": sliders for the prices this account depends on and the health factor they lead to,
 * by the Pool's formula on today's amounts (shared/aave/priceStress.ts). Works offline and instantly; the
 * liquidation prices above are the one-asset answers, this is the joint one.
 */
export function PriceStress({ account }: { account: AaveAccount }) {
  const groups = stressGroups(account);
  const [moves, setMoves] = useState<Record<string, number>>({});
  if (account.healthFactor === null || groups.length === 0) return null;
  const groupOf = new Map(groups.flatMap((g) => g.symbols.map((symbol) => [symbol, g.id] as const)));
  const moveOf = (symbol: string) => {
    const group = groupOf.get(symbol);
    return group ? (moves[group] ?? 0) / 100 : 0;
  };
  const after = healthFactorAfterPriceMoves(account, moveOf);
  const moved = Object.values(moves).some((move) => move !== 0);
  return (
    <section className="card stack tight" data-testid="price-stress" data-chain={account.chainId}>
      <div className="spread">
        <h3>What if prices move?</h3>
        {moved && (
          <button type="button" className="button link small" onClick={() => setMoves({})}>
            Reset
          </button>
        )}
      </div>
      {groups.map((group) => {
        const move = moves[group.id] ?? 0;
        // The group's first asset, priced after the move: a price is easier to judge than a percentage.
        const reference = [...account.supplies, ...account.borrows].find(
          (p) => p.symbol === group.symbols[0],
        );
        return (
          <label className="stress-slider small" key={group.id}>
            <span className="spread">
              <span>{group.label}</span>
              <span className="num">
                <span data-testid={`stress-move-${group.id}`}>{signedPercent(move)}</span>
                {reference && (
                  <span className="muted">
                    {" "}
                    · {reference.symbol} {formatUsd(reference.priceUsd * (1 + move / 100))}
                  </span>
                )}
              </span>
            </span>
            <input
              type="range"
              name={`stress-${group.id}`}
              min={-RANGE}
              max={RANGE}
              step={1}
              value={move}
              onChange={(event) => setMoves({ ...moves, [group.id]: event.target.valueAsNumber })}
            />
          </label>
        );
      })}
      <div className="spread" data-testid="stress-result">
        <span className="small muted">Health factor then</span>
        <HealthFactorPill healthFactor={after} />
      </div>
      {after !== null && after < 1 && (
        <p className="small danger-text" data-testid="stress-liquidatable">
          Liquidatable: liquidators could repay half the debt (all of it below 0.95) and take that much
          collateral plus a bonus.
        </p>
      )}
    </section>
  );
}
