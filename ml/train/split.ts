import type { TimeRange } from "../data/examples";

const day = 86_400;
const at = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 1000;

/**
 * Time split. Validation = May–December 2022: the June crash (3AC/Celsius, stETH discount) and the November
 * crash (FTX). Training = everything before and after, with an embargo of 30 days on each side — longer than the
 * 7-day horizon and as long as the features' 30-day lookback — so no training label window or feature window
 * overlaps the validation period. Validation is used for nothing but scoring.
 */
export const VALIDATION: TimeRange = { from: at("2022-05-01"), to: at("2023-01-01") };
export const EMBARGO_SECONDS = 30 * day;
export const ALL_HOURS: TimeRange = { from: 0, to: at("2100-01-01") };
export const TRAINING: TimeRange[] = [
  { from: 0, to: VALIDATION.from - EMBARGO_SECONDS },
  { from: VALIDATION.to + EMBARGO_SECONDS, to: ALL_HOURS.to },
];
/** What the training period leaves out: validation and its embargo. The shipped refit adds it back. */
export const VALIDATION_WITH_EMBARGO: TimeRange = {
  from: VALIDATION.from - EMBARGO_SECONDS,
  to: VALIDATION.to + EMBARGO_SECONDS,
};

/**
 * Time blocks of the training period for cross-fitting: a network trained without one block (and its 30-day
 * embargo on both sides) scores that block. Their out-of-fold scores fit the calibration, so validation stays
 * untouched, and they give honest numbers for the two crashes inside the training period.
 */
export const TRAINING_FOLDS: TimeRange[] = [
  { from: 0, to: at("2020-01-01") },
  { from: at("2020-01-01"), to: at("2021-01-01") },
  { from: at("2021-01-01"), to: VALIDATION.from },
  { from: VALIDATION.to, to: at("2100-01-01") },
];

/** Is an example starting at `asOf` (label window `horizonHours`) clear of a block and its embargo? */
export function outsideWithEmbargo(asOf: number, horizonHours: number, block: TimeRange): boolean {
  return asOf + horizonHours * 3600 <= block.from - EMBARGO_SECONDS || asOf >= block.to + EMBARGO_SECONDS;
}

/** The crash windows the model is scored on one by one (forecasts made from a few days before to the end). */
export const CRASH_WINDOWS = [
  { name: "March 2020", from: at("2020-03-05"), to: at("2020-03-25") },
  { name: "May 2021", from: at("2021-05-12"), to: at("2021-05-30") },
  { name: "June 2022", from: at("2022-06-06"), to: at("2022-06-25") },
  { name: "November 2022", from: at("2022-11-03"), to: at("2022-11-20") },
] as const;
