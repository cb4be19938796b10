import type { TimeRange } from "../data/examples";

const day = 86_400;
const at = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 1000;

/**
 * Time split. Validation = May–December 2022: the June crash (3AC/Celsius, stETH discount) and the November
 * crash (FTX). Training = everything before and after, with an embargo of 30 days on each side — longer than the
 * 7-day horizon and as long as the features' 30-day lookback — so no training label window or feature window
 * overlaps the validation period.
 */
export const VALIDATION: TimeRange = { from: at("2022-05-01"), to: at("2023-01-01") };
export const EMBARGO_SECONDS = 30 * day;
export const TRAINING: TimeRange[] = [
  { from: 0, to: VALIDATION.from - EMBARGO_SECONDS },
  { from: VALIDATION.to + EMBARGO_SECONDS, to: at("2100-01-01") },
];
/** Validation halves for cross-fitted calibration metrics: each crash is calibrated on the other half. */
export const VALIDATION_HALF_BOUNDARY = at("2022-09-01");
