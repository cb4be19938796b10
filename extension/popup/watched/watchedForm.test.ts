import { describe, expect, it } from "vitest";
import type { WatchedAccount } from "../../../shared/schemas/watchedAccounts";
import { fieldError, watchedBody, watchedEditBody } from "./watchedForm";

const OWN = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const OTHER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

describe("watchedBody", () => {
  it("sends the trimmed address, label and threshold, leaving empty ones out", () => {
    expect(watchedBody({ address: ` ${OTHER} `, label: " Treasury ", threshold: " 1.5 " }, OWN)).toEqual({
      ok: true,
      body: { address: OTHER, label: "Treasury", alertThreshold: 1.5 },
    });
    expect(watchedBody({ address: OTHER, label: "  ", threshold: "" }, OWN)).toEqual({
      ok: true,
      body: { address: OTHER },
    });
  });

  it("says what is wrong with the address or the threshold before the API is asked", () => {
    expect(watchedBody({ address: "0x1234", label: "", threshold: "" }, OWN)).toEqual({
      ok: false,
      field: "address",
      message: "Enter a 0x address (42 characters)",
    });
    expect(watchedBody({ address: OWN.toLowerCase(), label: "", threshold: "" }, OWN)).toMatchObject({
      ok: false,
      message: "This is the wallet you signed in with: it is watched already",
    });
    for (const threshold of ["1", "0.9", "11", "abc", "1,3"]) {
      expect(watchedBody({ address: OTHER, label: "", threshold }, OWN)).toEqual({
        ok: false,
        field: "alertThreshold",
        message: "Enter a health factor above 1, e.g. 1.3",
      });
    }
  });
});

describe("watchedEditBody", () => {
  const current: WatchedAccount = {
    address: OTHER,
    label: "Friend",
    alertThreshold: 1.3,
    addedAt: "2026-12-01T10:00:00.000Z",
  };

  it("sends only what changed: a new name, no name, a new threshold", () => {
    expect(watchedEditBody({ label: "Friend", threshold: "1.3" }, current)).toEqual({ ok: true, body: {} });
    expect(watchedEditBody({ label: " Old friend ", threshold: "1.30" }, current)).toEqual({
      ok: true,
      body: { label: "Old friend" },
    });
    expect(watchedEditBody({ label: "", threshold: "1.1" }, current)).toEqual({
      ok: true,
      body: { label: null, alertThreshold: 1.1 },
    });
  });

  it("refuses an emptied or out-of-range threshold", () => {
    for (const threshold of ["", "1", "12"]) {
      expect(watchedEditBody({ label: "Friend", threshold }, current)).toMatchObject({
        ok: false,
        field: "alertThreshold",
      });
    }
  });
});

describe("fieldError", () => {
  it("puts the form's own finding under its field, as the API would", () => {
    const checked = watchedBody({ address: "0x12", label: "", threshold: "" }, null);
    if (checked.ok) throw new Error("a short address passed the form");
    expect(fieldError(checked)).toEqual({
      code: "validation_failed",
      message: "Enter a 0x address (42 characters)",
      fields: [{ path: "address", message: "Enter a 0x address (42 characters)" }],
    });
  });
});
