const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 });
const compactUsd = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  notation: "compact",
  minimumFractionDigits: 0,
  maximumFractionDigits: 1,
});

/** A proper minus ("−$20K"), not the hyphen Intl writes ("-$20K", read as a dash). */
export const withMinus = (text: string): string => text.replace("-", "−");

/**
 * Money for people, the one format on every screen and in every notice: "$3,100.50", compact from $100K
 * ("$250K"), a proper minus ("−$1,234.50").
 */
export const formatUsd = (value: number): string =>
  withMinus((Math.abs(value) >= 100_000 ? compactUsd : usd).format(value));
/** A chart axis tick: always compact ("$11.5K", "−$20K"), the same currency words as the figures beside it. */
export const formatUsdTick = (value: number): string => withMinus(compactUsd.format(value));
/** A change in money carries its sign either way: "+$120.00", "−$32,743.62". */
export const formatSignedUsd = (value: number): string =>
  `${value < 0 ? "−" : "+"}${formatUsd(Math.abs(value))}`;
