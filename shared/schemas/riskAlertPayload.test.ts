import { describe, expect, it } from "vitest";
import { storedServerMessageSchema } from "./ws";

describe("risk_alert payload", () => {
  it("a message stored before severities existed still parses, as a warning", () => {
    const old = {
      type: "risk_alert",
      seq: 7,
      sentAt: "2026-11-30T10:00:00.000Z",
      payload: {
        state: "raised",
        reason: "health_factor",
        healthFactor: 1.1,
        threshold: 1.2,
        band: "low",
        probability: 0.02,
        chainId: 1,
        message: "Your health factor 1.10 is below your alert threshold 1.20.",
      },
    };
    const parsed = storedServerMessageSchema.parse(old);
    expect(parsed.type === "risk_alert" && parsed.payload.severity).toBe("warning");
  });

  it("refuses an unknown severity and a liquidation without its amounts", () => {
    const base = {
      state: "raised",
      reason: "health_factor",
      healthFactor: 0.9,
      threshold: 1.2,
      band: null,
      probability: null,
      chainId: 1,
      message: "x",
    };
    const message = (payload: object) => ({
      type: "risk_alert",
      seq: 1,
      sentAt: "2026-11-30T10:00:00Z",
      payload,
    });
    expect(storedServerMessageSchema.safeParse(message({ ...base, severity: "doom" })).success).toBe(false);
    expect(
      storedServerMessageSchema.safeParse(
        message({ ...base, severity: "liquidated", liquidation: { txHash: "0x1" } }),
      ).success,
    ).toBe(false);
  });
});
