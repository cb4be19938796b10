import { describe, expect, it } from "vitest";
import { backlogAfterMsForBuild, DEFAULT_BACKLOG_AFTER_MS } from "./backlogWindow";

describe("backlogAfterMsForBuild", () => {
  it("is two minutes in a release build, whatever the environment says", () => {
    expect(DEFAULT_BACKLOG_AFTER_MS).toBe(120_000);
    expect(backlogAfterMsForBuild(false, "5000")).toBe(120_000);
    expect(backlogAfterMsForBuild(true, undefined)).toBe(120_000);
  });

  it("takes a dev build's setting within one second to one hour, and refuses anything else", () => {
    expect(backlogAfterMsForBuild(true, "15000")).toBe(15_000);
    for (const bad of ["999", "3600001", "1.5e3", "ten", "-5000"]) {
      expect(() => backlogAfterMsForBuild(true, bad)).toThrow(/WXT_BACKLOG_AFTER_MS/);
    }
  });
});
