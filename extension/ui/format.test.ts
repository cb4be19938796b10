import { describe, expect, it } from "vitest";
import { formatPercent } from "./format";

describe("percent for people", () => {
  it("two decimals with the sign of the value", () => {
    expect(formatPercent(0.0182)).toBe("1.82 %");
    expect(formatPercent(-0.1938)).toBe("-19.38 %");
  });

  it("a value that rounds to zero has no minus sign", () => {
    // The devnet restaker's net APY showed "-0.00 %".
    expect(formatPercent(-0.00001)).toBe("0.00 %");
    expect(formatPercent(0)).toBe("0.00 %");
  });
});
