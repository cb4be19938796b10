import { describe, expect, it } from "vitest";
import { cooldownUntil, escalatedStep, escalationKey, severityStep } from "./escalation";

describe("cooldown escalation steps", () => {
  it("steps on Aave's scale: fine, red under 1.1, liquidatable under 1", () => {
    expect([null, 1.5, 1.1, 1.09, 1, 0.999, 0.4].map(severityStep)).toEqual([0, 0, 0, 1, 1, 2, 2]);
  });
  it("escalates only to a worse step than when the rule last fired", () => {
    expect(escalatedStep(1.45, 1.05)).toBe(1);
    expect(escalatedStep(1.45, 0.95)).toBe(2);
    expect(escalatedStep(1.05, 0.95)).toBe(2);
    expect(escalatedStep(0.95, 0.5)).toBeNull();
    expect(escalatedStep(1.45, 1.2)).toBeNull();
    expect(escalatedStep(undefined, 0.5)).toBeNull();
    expect(escalatedStep(null, 0.5)).toBe(2);
  });
  it("one key per step, and the cooldown's end", () => {
    expect(escalationKey("r:1", 2)).not.toBe(escalationKey("r:1", 1));
    expect(cooldownUntil("2026-12-01T14:00:00.000Z", 1920)).toBe("2026-12-01T14:32:00.000Z");
    expect(cooldownUntil(null, 60)).toBeNull();
  });
});
