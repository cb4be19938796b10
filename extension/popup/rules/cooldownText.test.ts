import { describe, expect, it } from "vitest";
import { cooldownText } from "./cooldownText";

// Local times, so the expected clock reads the same in any time zone the tests run in.
const at = (day: number, hours: number, minutes: number) => new Date(2026, 11, day, hours, minutes).getTime();

describe("the rule card's cooldown words", () => {
  it("names the local time the cooldown ends", () => {
    const until = new Date(at(1, 14, 32)).toISOString();
    expect(cooldownText(until, at(1, 13, 32))).toBe("Cooling down until 14:32");
  });

  it("names the day when it ends on another one", () => {
    const until = new Date(at(2, 9, 5)).toISOString();
    expect(cooldownText(until, at(1, 23, 0))).toBe("Cooling down until Dec 2, 09:05");
  });

  it("says nothing once the cooldown is over, or when the rule never fired", () => {
    const until = new Date(at(1, 14, 32)).toISOString();
    expect(cooldownText(until, at(1, 14, 32))).toBeNull();
    expect(cooldownText(null, at(1, 14, 32))).toBeNull();
  });
});
