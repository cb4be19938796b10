import type { AaveBaseCurrencyInfo } from "./types";

/** Chainlink USD feeds, and UiPoolDataProviderV3's marketReferenceCurrencyPriceInUsd, carry 8 decimals. */
export const USD_PRICE_DECIMALS = 8;

/** An amount in the market reference currency (USD on V3 markets, ETH on some) as US dollars. */
export function baseToUsd(amountBase: bigint | number, baseCurrency: AaveBaseCurrencyInfo): number {
  const referenceInUsd = Number(baseCurrency.marketReferenceCurrencyPriceInUsd) / 10 ** USD_PRICE_DECIMALS;
  return (Number(amountBase) / Number(baseCurrency.marketReferenceCurrencyUnit)) * referenceInUsd;
}

/** Token units (bigint with `decimals`) as a decimal number of whole tokens. */
export function tokenAmountToNumber(amount: bigint, decimals: number): number {
  return Number(amount) / 10 ** decimals;
}
