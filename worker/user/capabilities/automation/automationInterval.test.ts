import { describe, expect, it } from "vitest";
import { AUTOMATION_INTERVAL_MS, automationIntervalMs } from "./automationInterval";

describe("automationIntervalMs", () => {
  it("takes whole seconds in 1-3600 and keeps the seed's 30 s otherwise, saying so", () => {
    const logged: Record<string, unknown>[] = [];
    const log = (event: Record<string, unknown>) => logged.push(event);
    expect(automationIntervalMs(undefined, log)).toBe(30_000);
    expect(automationIntervalMs("3", log)).toBe(3_000);
    expect(automationIntervalMs("3600", log)).toBe(3_600_000);
    expect(logged).toEqual([]);
    for (const bad of ["0", "-5", "1.5", "abc", "3601", ""]) {
      expect(automationIntervalMs(bad, log)).toBe(AUTOMATION_INTERVAL_MS);
    }
    expect(logged).toHaveLength(6);
    expect(logged[0]).toMatchObject({ level: "warn", value: "0" });
  });
});
