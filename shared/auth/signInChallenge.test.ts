import { describe, expect, it } from "vitest";
import {
  newSignInVerifier,
  SIGN_IN_CHALLENGE_PATTERN,
  SIGN_IN_VERIFIER_PATTERN,
  signInChallengeOf,
} from "./signInChallenge";

describe("sign-in challenge (PKCE S256)", () => {
  it("matches RFC 7636's test vector", async () => {
    // RFC 7636 appendix B.
    expect(await signInChallengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("makes a fresh verifier each time, in the allowed alphabet, whose challenge fits its pattern", async () => {
    const a = newSignInVerifier();
    const b = newSignInVerifier();
    expect(a).not.toBe(b);
    expect(a).toMatch(SIGN_IN_VERIFIER_PATTERN);
    expect(await signInChallengeOf(a)).toMatch(SIGN_IN_CHALLENGE_PATTERN);
    expect(await signInChallengeOf(a)).not.toBe(await signInChallengeOf(b));
  });
});
