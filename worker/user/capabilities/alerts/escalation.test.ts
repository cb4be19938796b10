import { describe, expect, it } from "vitest";
import {
  ALERT_HYSTERESIS,
  alertMessage,
  decideAlert,
  type OpenAlert,
  openAlertSchema,
  type RiskReading,
} from "./escalation";

const THRESHOLD = 1.2;
const reading = (healthFactor: number | null, probability: number | null = 0.01): RiskReading => ({
  healthFactor,
  probability,
  band: probability === null ? null : probability >= 0.3 ? "high" : "low",
});
const open = (severity: OpenAlert["severity"]): OpenAlert => ({
  reason: "health_factor",
  raisedAt: 0,
  chainId: 31337,
  severity,
});
const reArmAt = 1 + ALERT_HYSTERESIS.healthFactor;

describe("decideAlert: escalation by severity", () => {
  it("opens at the step the reading is in: a crash straight under 1 says liquidatable at once", () => {
    expect(decideAlert(null, reading(1.05), THRESHOLD)).toEqual({
      kind: "raise",
      reason: "health_factor",
      severity: "warning",
    });
    expect(decideAlert(null, reading(0.47), THRESHOLD)).toEqual({
      kind: "raise",
      reason: "health_factor",
      severity: "liquidatable",
    });
  });

  it("an open warning that falls under 1 escalates once; staying under 1 says nothing more", () => {
    expect(decideAlert(open("warning"), reading(0.47), THRESHOLD)).toEqual({
      kind: "raise",
      reason: "health_factor",
      severity: "liquidatable",
    });
    expect(decideAlert(open("liquidatable"), reading(0.47), THRESHOLD)).toEqual({ kind: "none" });
    expect(decideAlert(open("liquidatable"), reading(0.99), THRESHOLD)).toEqual({ kind: "none" });
  });

  it("liquidatable re-arms only past 1 plus the margin (hysteresis), silently", () => {
    expect(decideAlert(open("liquidatable"), reading(1.01), THRESHOLD)).toEqual({ kind: "none" });
    expect(decideAlert(open("liquidatable"), reading(reArmAt + 0.001), THRESHOLD)).toEqual({
      kind: "settle",
      severity: "warning",
    });
    // Re-armed: the next fall under 1 is told again.
    expect(decideAlert(open("warning"), reading(0.99), THRESHOLD).kind).toBe("raise");
  });

  it("after a liquidation a position still under 1 is not told liquidatable; once above the margin it re-arms", () => {
    expect(decideAlert(open("liquidated"), reading(0.97), THRESHOLD)).toEqual({ kind: "none" });
    expect(decideAlert(open("liquidated"), reading(1.05), THRESHOLD)).toEqual({
      kind: "settle",
      severity: "warning",
    });
  });

  it("recovers once past the threshold margin, from any step; not inside the margin", () => {
    const past = THRESHOLD * reArmAt + 0.001;
    for (const severity of ["warning", "liquidatable", "liquidated"] as const) {
      expect(decideAlert(open(severity), reading(past), THRESHOLD)).toEqual({
        kind: "clear",
        reason: "health_factor",
      });
    }
    expect(decideAlert(open("warning"), reading(THRESHOLD + 0.001), THRESHOLD)).toEqual({ kind: "none" });
    expect(decideAlert(open("liquidated"), reading(null, null), THRESHOLD)).toEqual({
      kind: "clear",
      reason: "health_factor",
    });
  });

  it("an open alert stored before severities existed reads as a warning", () => {
    expect(openAlertSchema.parse({ reason: "health_factor", raisedAt: 1, chainId: 1 }).severity).toBe(
      "warning",
    );
  });
});

describe("alertMessage", () => {
  it("never prints 1.00 for a health factor under 1", () => {
    const text = alertMessage(
      { kind: "raise", reason: "health_factor", severity: "warning" },
      reading(0.995),
      THRESHOLD,
    );
    expect(text).not.toContain("1.00");
    expect(text).toContain("Liquidatable");
    expect(
      alertMessage(
        { kind: "raise", reason: "health_factor", severity: "liquidatable" },
        reading(0.9),
        THRESHOLD,
      ),
    ).toMatch(/can be liquidated now/);
    expect(alertMessage({ kind: "clear", reason: "health_factor" }, reading(1.5), THRESHOLD)).toMatch(
      /^Recovered/,
    );
  });

  it("says how far liquidation is and the odds in plain words, without σ or percent odds", () => {
    const text = alertMessage(
      { kind: "raise", reason: "health_factor", severity: "warning" },
      {
        ...reading(1.05, 1 / 25),
        horizon: "24h",
        distance: { symbol: "WETH", fall: 0.05, liquidationPriceUsd: 2850 },
      },
      THRESHOLD,
    );
    expect(text).toBe(
      "Your health factor 1.05 is below your alert threshold 1.20: WETH would have to fall 5.0 % (to $2,850.00) " +
        "for liquidation — about 1 in 25 in a day. Repay debt or add collateral.",
    );
  });

  it("never says the health factor equals the threshold it is below (1.1999, not “1.20 is below 1.20”)", () => {
    const text = alertMessage(
      { kind: "raise", reason: "health_factor", severity: "warning" },
      reading(1.19996, null),
      THRESHOLD,
    );
    expect(text).toBe(
      "Your health factor 1.1999 is below your alert threshold 1.20. Repay debt or add collateral.",
    );
  });
});
