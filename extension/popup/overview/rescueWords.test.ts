import { describe, expect, it } from "vitest";
import { rescueLead } from "./rescueWords";

describe("the rescue card's lead", () => {
  it("names the health factor and the alert", () => {
    expect(rescueLead(1.05, 1.3, 1.5)).toBe(
      "Health factor 1.05, your alert is at 1.30. Either step brings it to 1.50 (your alert + 0.2, at least 1.5). Vigil simulates it first; you sign it in your wallet on the next page.",
    );
  });

  it("never says the health factor equals the alert it is below (1.2986 is “1.299”, not “1.30”)", () => {
    expect(rescueLead(1.2986, 1.3, 1.5)).toMatch(/^Health factor 1\.299, your alert is at 1\.30\. /);
    expect(rescueLead(1.29996, 1.3, 1.5)).toMatch(/^Health factor 1\.2999, your alert is at 1\.30\. /);
    expect(rescueLead(1.3004, 1.3, 1.5)).toMatch(/^Health factor 1\.30, your alert is at 1\.30\. /);
  });

  it("below 1 says the position can be liquidated now, never “Health factor Liquidatable”", () => {
    const lead = rescueLead(0.95, 1.3, 1.5);
    expect(lead).toMatch(
      /^Your position can be liquidated now \(health factor below 1\); your alert is at 1\.30\. /,
    );
    expect(lead).not.toContain("Health factor Liquidatable");
  });
});
