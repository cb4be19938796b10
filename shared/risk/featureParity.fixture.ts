import type { RiskFeatureInput } from "./features";
import type { PricePoint } from "./priceHistory";

// Fixed inputs for the Node-vs-workerd parity test: made-up but deterministic price paths (integer LCG, no
// floating-point randomness), so both runtimes start from bit-identical inputs. Not market data.

function path(
  seed: number,
  start: number,
  hours: number,
  first: number,
  vol: number,
  gapAt?: number,
): PricePoint[] {
  let state = seed >>> 0;
  let price = first;
  const points: PricePoint[] = [];
  for (let h = 0; h < hours; h++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const shock = (state / 4294967296 - 0.5) * 2 * vol;
    price = Math.round(price * (1 + shock) * 1e6) / 1e6;
    if (gapAt !== undefined && h >= gapAt && h < gapAt + 5) continue;
    points.push({ time: start + h * 3600, price });
  }
  return points;
}

const START = 1_650_000_000 - (1_650_000_000 % 3600);
const HOURS = 900;
const ASOF = START + 850 * 3600;

export const PARITY_CASES: RiskFeatureInput[] = [
  {
    position: {
      collateral: [{ asset: "WETH", usd: 10_000, liquidationThreshold: 0.83 }],
      debt: [{ asset: "USDC", usd: 7_000 }],
    },
    history: { ETH: path(1, START, HOURS, 2900, 0.012, 400) },
    asOf: ASOF,
    horizonHours: 24,
  },
  {
    position: {
      collateral: [
        { asset: "wstETH", usd: 50_000, liquidationThreshold: 0.81 },
        { asset: "WBTC", usd: 20_000, liquidationThreshold: 0.78 },
      ],
      debt: [
        { asset: "WETH", usd: 30_000 },
        { asset: "DAI", usd: 10_000 },
      ],
    },
    history: {
      ETH: path(2, START, HOURS, 2900, 0.01),
      STETH: path(3, START, HOURS, 2880, 0.0101),
      BTC: path(4, START, HOURS, 40_000, 0.006),
    },
    asOf: ASOF,
    horizonHours: 168,
  },
  {
    // Only 60 hours of LINK: the prior fills the rest ("limited history").
    position: {
      collateral: [{ asset: "LINK", usd: 5_000, liquidationThreshold: 0.68 }],
      debt: [{ asset: "USDT", usd: 3_000 }],
    },
    history: { LINK: path(5, ASOF - 60 * 3600, 61, 7.5, 0.02) },
    asOf: ASOF,
    horizonHours: 24,
  },
  {
    // Hourly rows with each hour's low/high (the shape the market object stores), asOf between two rows.
    position: {
      collateral: [{ asset: "WETH", usd: 8_000, liquidationThreshold: 0.83 }],
      debt: [{ asset: "LINK", usd: 4_000 }],
    },
    history: {
      ETH: withRanges(path(6, START, HOURS, 2900, 0.01), 7),
      LINK: withRanges(path(7, START, HOURS, 7.5, 0.015), 8),
    },
    asOf: ASOF + 1800,
    horizonHours: 168,
  },
];

/** Gives each point a low and a high a deterministic 0–1.5 % away from its price. */
function withRanges(points: PricePoint[], seed: number): PricePoint[] {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.round((state / 4294967296) * 150) / 10_000;
  };
  return points.map((p) => ({ ...p, low: p.price * (1 - next()), high: p.price * (1 + next()) }));
}

/**
 * Largest relative difference between two lists of feature vectors. Runtimes agree to the last bit on arithmetic
 * but V8 versions may differ by one ulp in Math.log/Math.exp (Node 22 and workerd ship different V8s), so parity is
 * checked to 1e-12, far below anything the model can notice.
 */
export function maxRelativeDifference(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  a.forEach((row, i) => {
    const other = b[i]!;
    if (row.length !== other.length) worst = Number.POSITIVE_INFINITY;
    row.forEach((x, j) => {
      worst = Math.max(worst, Math.abs(x - other[j]!) / Math.max(1, Math.abs(x)));
    });
  });
  return worst;
}
