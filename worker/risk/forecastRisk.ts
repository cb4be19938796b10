import type { RiskBand } from "../../shared/risk/bands";
import type { LoadedRiskModel } from "../../shared/risk/model";
import { positionHealthFactor, type RiskPosition } from "../../shared/risk/position";
import type { PriceHistory } from "../../shared/risk/priceHistory";
import { stalePriceFeeds, stalePricesDriver } from "../../shared/risk/stalePrices";
import type { RiskHorizon } from "../../shared/schemas/risk";
import { HORIZON_HOURS } from "../../shared/schemas/risk";

export interface ForecastRiskInput {
  position: RiskPosition;
  /**
   * The health factor as Aave reports it (eMode and on-chain rounding included). When given, the debt is scaled
   * so the position's HF equals it; the positions then only supply the composition. null/undefined: recompute.
   */
  healthFactor?: number | null;
  horizon: RiskHorizon;
  /**
   * Recent oracle prices per feed (ETH, STETH, BTC, LINK): rounds, or hourly rows with the hour's low/high (see
   * PricePoint). Missing or short history is filled with the documented prior volatility and the drivers say
   * "limited history".
   */
  history?: PriceHistory;
  /**
   * Unix seconds. Defaults to the history's newest point (the chain's time when its market object last read the
   * feeds: a devnet's clock is not the wall clock), or to now without history.
   */
  asOf?: number;
  /**
   * Unix seconds (chain time) of the prices the health factor comes from. A feed of the position whose history ends
   * over STALE_PRICES_SECONDS before it is named in the drivers. Defaults to the history's newest point, so a feed
   * that stopped while the others went on is named too.
   */
  pricesAt?: number;
}

export interface ForecastRiskOutput {
  probability: number;
  band: RiskBand;
  horizon: RiskHorizon;
  drivers: string[];
  model: { version: string };
}

/** The newest point's time over all feeds, or null for an empty history. */
export function newestPoint(history: PriceHistory | undefined): number | null {
  let newest: number | null = null;
  for (const points of Object.values(history ?? {})) {
    const time = points?.at(-1)?.time;
    if (time !== undefined && (newest === null || time > newest)) newest = time;
  }
  return newest;
}

let modelPromise: Promise<LoadedRiskModel> | undefined;

/** Loads the bundled model once per isolate, on first use (a dynamic import keeps it out of start-up). */
export function riskModel(): Promise<LoadedRiskModel> {
  modelPromise ??= (async () => {
    const [{ loadRiskModel }, { bundledRiskArtifact }] = await Promise.all([
      import("../../shared/risk/model"),
      import("./bundledArtifact"),
    ]);
    return loadRiskModel(bundledRiskArtifact());
  })();
  modelPromise.catch(() => {
    modelPromise = undefined; // a failed load is retried on the next call instead of being cached forever
  });
  return modelPromise;
}

/** Rescales debt so the position's health factor equals the reported one. */
export function withHealthFactor(
  position: RiskPosition,
  healthFactor: number | null | undefined,
): RiskPosition {
  const computed = positionHealthFactor(position);
  if (healthFactor == null || !(healthFactor > 0) || !Number.isFinite(computed) || computed <= 0)
    return position;
  const scale = computed / healthFactor;
  return { collateral: position.collateral, debt: position.debt.map((d) => ({ ...d, usd: d.usd * scale })) };
}

/** Puts "prices could not be read" first when the history the forecast read is behind: it qualifies the number. */
function withStalePrices(input: ForecastRiskInput, drivers: string[]): string[] {
  const at = input.pricesAt ?? newestPoint(input.history);
  if (at === null || !input.history) return drivers;
  const stale = stalePricesDriver(stalePriceFeeds(input.position, input.history, at));
  return stale ? [stale, ...drivers] : drivers;
}

export async function forecastRisk(input: ForecastRiskInput): Promise<ForecastRiskOutput>;
export async function forecastRisk(input: readonly ForecastRiskInput[]): Promise<ForecastRiskOutput[]>;
export async function forecastRisk(
  input: ForecastRiskInput | readonly ForecastRiskInput[],
): Promise<ForecastRiskOutput | ForecastRiskOutput[]> {
  const many = (x: typeof input): x is readonly ForecastRiskInput[] => Array.isArray(x);
  const inputs: readonly ForecastRiskInput[] = many(input) ? input : [input];
  const [model, { forecastMany }] = await Promise.all([riskModel(), import("../../shared/risk/forecast")]);
  const now = Math.floor(Date.now() / 1000);
  const results = forecastMany(
    model,
    inputs.map((i) => ({
      position: withHealthFactor(i.position, i.healthFactor),
      history: i.history ?? {},
      asOf: i.asOf ?? newestPoint(i.history) ?? now,
      horizonHours: HORIZON_HOURS[i.horizon],
    })),
  ).map((f, k) => ({
    probability: f.probability,
    band: f.band,
    horizon: inputs[k]!.horizon,
    drivers: withStalePrices(inputs[k]!, f.drivers),
    model: { version: f.modelVersion },
  }));
  return many(input) ? results : results[0]!;
}
