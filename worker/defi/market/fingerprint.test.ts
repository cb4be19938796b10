import { describe, expect, it } from "vitest";
import { fingerprint } from "./fingerprint";

describe("fingerprint", () => {
  it("is stable, 28 hex digits, and tells apart strings that differ by one character", () => {
    const a = JSON.stringify({
      address: "0x00000000000000000000000000000005c0000001",
      lines: [1, 1.02, 1.5],
    });
    expect(fingerprint(a)).toBe(fingerprint(`${a}`));
    expect(fingerprint(a)).toMatch(/^[0-9a-f]{28}$/);
    expect(fingerprint(a)).not.toBe(fingerprint(a.replace("1.5", "1.6")));
    expect(fingerprint("")).not.toBe(fingerprint(" "));
  });

  it("has no collision over 200,000 registrations that differ only in their numbers", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++)
      seen.add(fingerprint(JSON.stringify({ debt: 1000 + i / 7, lines: [1, i] })));
    expect(seen.size).toBe(200_000);
  });
});
