import { describe, expect, it } from "vitest";
import {
  ALL_HOURS,
  CRASH_WINDOWS,
  EMBARGO_SECONDS,
  outsideWithEmbargo,
  TRAINING,
  TRAINING_FOLDS,
  VALIDATION,
  VALIDATION_WITH_EMBARGO,
} from "./split";

describe("the time split", () => {
  it("keeps every training label window at least the embargo away from validation", () => {
    for (const range of TRAINING) {
      const touchesFrom = range.to > VALIDATION.from - EMBARGO_SECONDS && range.from < VALIDATION.from;
      const touchesTo = range.from < VALIDATION.to + EMBARGO_SECONDS && range.to > VALIDATION.to;
      expect(touchesFrom || touchesTo).toBe(false);
    }
  });

  it("the shipped refit's extra months and the training period tile every hour once", () => {
    const pieces = [...TRAINING, VALIDATION_WITH_EMBARGO].sort((a, b) => a.from - b.from);
    expect(pieces[0]!.from).toBe(ALL_HOURS.from);
    expect(pieces[pieces.length - 1]!.to).toBe(ALL_HOURS.to);
    for (let i = 1; i < pieces.length; i++) expect(pieces[i]!.from).toBe(pieces[i - 1]!.to);
    expect(VALIDATION_WITH_EMBARGO.from).toBeLessThan(VALIDATION.from);
    expect(VALIDATION_WITH_EMBARGO.to).toBeGreaterThan(VALIDATION.to);
  });

  it("scores the 2020 and 2021 crashes with folds that held them out, and the 2022 crashes in validation", () => {
    const [march2020, may2021, june2022, november2022] = CRASH_WINDOWS;
    const fold = (t: number) => TRAINING_FOLDS.findIndex((b) => t >= b.from && t < b.to);
    expect(fold(march2020.from)).toBe(fold(march2020.to));
    expect(fold(may2021.from)).toBe(fold(may2021.to));
    for (const w of [june2022, november2022]) {
      expect(w.from).toBeGreaterThanOrEqual(VALIDATION.from);
      expect(w.to).toBeLessThanOrEqual(VALIDATION.to);
    }
  });

  it("outsideWithEmbargo drops examples whose label window comes within 30 days of a block", () => {
    const block = { from: 100 * 86_400, to: 200 * 86_400 };
    expect(outsideWithEmbargo(block.from - EMBARGO_SECONDS - 24 * 3600, 24, block)).toBe(true);
    expect(outsideWithEmbargo(block.from - EMBARGO_SECONDS - 23 * 3600, 24, block)).toBe(false);
    expect(outsideWithEmbargo(block.to + EMBARGO_SECONDS - 1, 24, block)).toBe(false);
    expect(outsideWithEmbargo(block.to + EMBARGO_SECONDS, 24, block)).toBe(true);
  });
});
