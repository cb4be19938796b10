import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import expected from "../../shared/risk/featureParity.expected.json" with { type: "json" };
import { maxRelativeDifference, PARITY_CASES } from "../../shared/risk/featureParity.fixture";
import { computeRiskFeatures } from "../../shared/risk/features";
import { riskForecastSchema } from "../../shared/schemas/risk";
import { riskApp } from "../http/routes/risk";
import { forecastRisk } from "./forecastRisk";

// Runs inside workerd (project "worker"). The Node twin is shared/risk/features.test.ts: both compare against the
// same committed vectors, so passing both means the feature function gives the same output in both runtimes.

const ethAgainstUsdc = (debtUsd: number) => ({
  collateral: [{ asset: "WETH" as const, usd: 10_000, liquidationThreshold: 0.83 }],
  debt: [{ asset: "USDC" as const, usd: debtUsd }],
});

describe("risk features in workerd", () => {
  it("computes the vectors Node computes (to 1e-12: V8 versions may differ by an ulp in Math.log/exp)", () => {
    const vectors = PARITY_CASES.map((input) => computeRiskFeatures(input).vector);
    expect(maxRelativeDifference(vectors, expected)).toBeLessThan(1e-12);
  });
});

describe("forecastRisk in workerd (bundled model)", () => {
  // That the model loads on the first forecast (not at start) is checked statically: .dependency-cruiser.cjs.
  it("answers with a calibrated probability, band and drivers", async () => {
    const { history, asOf } = PARITY_CASES[0]!;
    const result = await forecastRisk({ position: ethAgainstUsdc(7_000), horizon: "24h", history, asOf });
    expect(riskForecastSchema.parse(result)).toEqual(result);
    expect(result.model.version).toMatch(/^mlp-/);
    expect(result.drivers[0]).toBe("the health factor is close to 1");
  });

  it("says 'limited history' and still answers when there are no stored prices yet", async () => {
    const result = await forecastRisk({ position: ethAgainstUsdc(7_000), horizon: "7d" });
    expect(result.probability).toBeGreaterThan(0);
    expect(result.drivers).toContain("no recent prices yet: typical volatility assumed");
  });

  it("is monotone in HF and uses the reported HF over the recomputed one", async () => {
    const hfs = [1.01, 1.05, 1.1, 1.2, 1.4, 1.7, 2, 3];
    const results = await forecastRisk(
      hfs.map((hf) => ({ position: ethAgainstUsdc(7_000), healthFactor: hf, horizon: "7d" as const })),
    );
    const probabilities = results.map((r) => r.probability);
    expect([...probabilities].sort((a, b) => b - a)).toEqual(probabilities);
    expect(results[0]!.drivers[0]).toBe("the health factor is close to 1");
    expect(results[0]!.band).toBe("high");
  });
});

describe("forecastRisk on a history that stopped", () => {
  const end = 1_790_000_000 - (1_790_000_000 % 3600);
  const hourly = (last: number, base: number) =>
    Array.from({ length: 200 }, (_, k) => {
      const price = base * (1 + 0.01 * Math.sin(k / 3));
      return { time: last - (199 - k) * 3600, price, low: price * 0.996, high: price * 1.004 };
    });
  const ethAndLink = {
    collateral: [
      { asset: "WETH" as const, usd: 10_000, liquidationThreshold: 0.83 },
      { asset: "LINK" as const, usd: 2_000, liquidationThreshold: 0.68 },
    ],
    debt: [{ asset: "USDC" as const, usd: 8_000 }],
  };

  it("names a feed that stopped while the others went on, without a reference time of the caller's", async () => {
    const history = { ETH: hourly(end, 3000), LINK: hourly(end - 3 * 3600, 15) };
    const result = await forecastRisk({ position: ethAndLink, horizon: "24h", history });
    expect(result.drivers[0]).toBe(
      "the oracle's LINK prices could not be read for 3 h: this forecast uses the prices from before then",
    );
    // An ETH-only position does not depend on LINK: nothing to say.
    const eth = await forecastRisk({ position: ethAgainstUsdc(7_000), horizon: "24h", history });
    expect(eth.drivers.some((d) => d.includes("could not be read"))).toBe(false);
  });

  it("compares with the time of the prices the health factor comes from when given", async () => {
    const history = { ETH: hourly(end, 3000), LINK: hourly(end, 15) };
    const [fresh, behind] = await forecastRisk([
      { position: ethAndLink, horizon: "24h", history, pricesAt: end + 5 * 60 },
      { position: ethAndLink, horizon: "24h", history, pricesAt: end + 50 * 60 },
    ]);
    expect(fresh!.drivers.some((d) => d.includes("could not be read"))).toBe(false);
    expect(behind!.drivers[0]).toBe(
      "the oracle's ETH and LINK prices could not be read for 50 min: this forecast uses the prices from before then",
    );
    expect(behind!.probability).toBe(fresh!.probability);
  });
});

describe("POST /risk/forecast", () => {
  const app = riskApp({ middleware: [] });
  const post = (body: unknown) =>
    app.request(
      "/risk/forecast",
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
      env,
    );

  it("accepts an Aave account's supplies and borrows as the portfolio returns them", async () => {
    const response = await post({
      positions: {
        supplies: [
          {
            symbol: "WETH",
            amountUsd: 10_000,
            liquidationThreshold: 0.83,
            usedAsCollateral: true,
            priceUsd: 3000,
          },
        ],
        borrows: [{ symbol: "USDC", amountUsd: 7_000 }],
      },
      health_factor: 1.15,
      horizon: "7d",
    });
    expect(response.status).toBe(200);
    const body = riskForecastSchema.parse(await response.json());
    expect(body.horizon).toBe("7d");
    expect(body.drivers[0]).toBe("the health factor is close to 1");
  });

  const ethLoan = {
    positions: {
      supplies: [{ symbol: "WETH", amountUsd: 10_000, liquidationThreshold: 0.83, usedAsCollateral: true }],
      borrows: [{ symbol: "USDC", amountUsd: 7_000 }],
    },
    health_factor: 1.2,
  };
  const send = (app: ReturnType<typeof riskApp>, body: unknown) =>
    app.request(
      "/risk/forecast",
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
      env,
    );

  it("answers 503 with Retry-After, not a number from no history, when the price history cannot be read", async () => {
    const broken = riskApp({
      middleware: [],
      prices: () => Promise.reject(new Error("Durable Object reset because its code was updated")),
    });
    const response = await send(broken, ethLoan);
    expect(response.status).toBe(503);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("upstream_unavailable");
    expect(body.error.message).toMatch(/price history could not be read/);
  });

  it("names prices that stopped before the market's block", async () => {
    const end = 1_790_000_000 - (1_790_000_000 % 3600);
    const history = {
      ETH: Array.from({ length: 200 }, (_, k) => {
        const price = 3000 * (1 + 0.01 * Math.sin(k / 3));
        return { time: end - (199 - k) * 3600, price, low: price * 0.996, high: price * 1.004 };
      }),
    };
    const behind = riskApp({ middleware: [], prices: async () => ({ history, pricesAt: end + 2 * 3600 }) });
    const current = riskApp({ middleware: [], prices: async () => ({ history, pricesAt: end + 60 }) });
    const [late, fresh] = await Promise.all([send(behind, ethLoan), send(current, ethLoan)]);
    const lateBody = riskForecastSchema.parse(await late.json());
    const freshBody = riskForecastSchema.parse(await fresh.json());
    expect(lateBody.drivers[0]).toBe(
      "the oracle's ETH prices could not be read for 2 h: this forecast uses the prices from before then",
    );
    expect(freshBody.drivers.some((d) => d.includes("could not be read"))).toBe(false);
    expect(lateBody.probability).toBe(freshBody.probability);
  });

  it("answers 400 naming the bad field for an unsupported asset or a threshold in basis points", async () => {
    const bad = await post({
      positions: { supplies: [{ symbol: "DOGE", amountUsd: 1, liquidationThreshold: 8250 }], borrows: [] },
      health_factor: 1.5,
    });
    expect(bad.status).toBe(400);
    const text = JSON.stringify(await bad.json());
    expect(text).toMatch(/DOGE/);
    expect(text).toMatch(/liquidationThreshold/);
  });
});
