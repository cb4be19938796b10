import { describe, expect, it } from "vitest";
import { formatPercent, formatSignedUsd, formatUsd, formatUsdTick } from "./format";

describe("percent for people", () => {
  it("two decimals with the sign of the value", () => {
    expect(formatPercent(0.0182)).toBe("1.82 %");
    expect(formatPercent(-0.1938)).toBe("−19.38 %");
  });

  it("a value that rounds to zero has no minus sign", () => {
    // The devnet restaker's net APY showed "-0.00 %".
    expect(formatPercent(-0.00001)).toBe("0.00 %");
    expect(formatPercent(0)).toBe("0.00 %");
  });
});

describe("money for people", () => {
  it('a negative axis tick reads "−$20K", the sign before the currency, a proper minus', () => {
    expect(formatUsdTick(-20_000)).toBe("−$20K");
    expect(formatUsdTick(11_500)).toBe("$11.5K");
  });

  it("a negative amount has a proper minus, not a hyphen", () => {
    expect(formatUsd(-1_234.5)).toBe("−$1,234.50");
    expect(formatUsd(-250_000)).toBe("−$250K");
  });

  it("a change carries its sign either way", () => {
    expect(formatSignedUsd(-32_743.62)).toBe("−$32,743.62");
    expect(formatSignedUsd(120)).toBe("+$120.00");
  });
});
