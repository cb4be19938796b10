import { describe, expect, it } from "vitest";
import { formatCountdown } from "./countdown";

describe("formatCountdown", () => {
  it("counts minutes and seconds under an hour, hours and minutes above", () => {
    expect(formatCountdown(14 * 60_000 + 5_000)).toBe("expires in 14:05");
    expect(formatCountdown(999)).toBe("expires in 0:00");
    expect(formatCountdown(2 * 3_600_000 + 10 * 60_000)).toBe("expires in 2 h 10 min");
  });
  it("says expired at and after zero", () => {
    expect(formatCountdown(0)).toBe("expired");
    expect(formatCountdown(-5)).toBe("expired");
  });
});
