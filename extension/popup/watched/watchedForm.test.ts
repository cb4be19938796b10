import { describe, expect, it } from "vitest";
import { watchedBody } from "./watchedForm";

const OWN = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const OTHER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

describe("watchedBody", () => {
  it("sends the trimmed address and label, leaving an empty label out", () => {
    expect(watchedBody({ address: ` ${OTHER} `, label: " Treasury " }, OWN)).toEqual({
      ok: true,
      body: { address: OTHER, label: "Treasury" },
    });
    expect(watchedBody({ address: OTHER, label: "  " }, OWN)).toEqual({ ok: true, body: { address: OTHER } });
  });

  it("says what is wrong with the address before the API is asked", () => {
    expect(watchedBody({ address: "0x1234", label: "" }, OWN)).toEqual({
      ok: false,
      field: "address",
      message: "Enter a 0x address (42 characters)",
    });
    expect(watchedBody({ address: OWN.toLowerCase(), label: "" }, OWN)).toMatchObject({
      ok: false,
      message: "This is the wallet you signed in with: it is watched already",
    });
  });
});
