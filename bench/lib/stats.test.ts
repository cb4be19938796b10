import { describe, expect, it } from "vitest";
import { median, percentile, round, summarize } from "./stats";

describe("percentile", () => {
  it("interpolates between closest ranks", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 25)).toBe(20);
    expect(percentile([0, 100], 99)).toBeCloseTo(99, 10);
  });

  it("ignores input order and gives the extremes at 0 and 100", () => {
    expect(percentile([5, 1, 9, 3], 0)).toBe(1);
    expect(percentile([5, 1, 9, 3], 100)).toBe(9);
  });

  it("refuses empty samples, non-finite values and out-of-range p", () => {
    expect(() => percentile([], 50)).toThrow("no samples");
    expect(() => percentile([1, Number.NaN], 50)).toThrow("finite");
    expect(() => percentile([1], 101)).toThrow("0..100");
  });
});

describe("median and summarize", () => {
  it("takes the middle value of an odd count and the mean of the middle two of an even count", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it("summarizes without changing the caller's array", () => {
    const samples = [9, 1, 5, 3, 7];
    expect(summarize(samples)).toEqual({ n: 5, min: 1, p50: 5, p95: 8.6, p99: 8.92, max: 9 });
    expect(samples).toEqual([9, 1, 5, 3, 7]);
  });
});

describe("round", () => {
  it("keeps more decimals for small numbers", () => {
    expect(round(1.23456)).toBe(1.235);
    expect(round(12.345)).toBe(12.3);
    expect(round(12345.6)).toBe(12346);
  });
});
