import { describe, expect, it } from "vitest";
import { BackgroundError } from "../lib/messaging/sendToBackground";
import { WalletError } from "../lib/wallet/eip1193";
import { signInFailureReason } from "./signInFailure";

describe("signInFailureReason", () => {
  it("keeps the reason Vigil's own errors give", () => {
    expect(
      signInFailureReason(new WalletError("rejected", "You declined to sign the sign-in message.")),
    ).toBe("You declined to sign the sign-in message.");
    expect(
      signInFailureReason(
        new BackgroundError({
          code: "network",
          message: "Could not reach Vigil’s server. Check your connection.",
        }),
      ),
    ).toBe("Could not reach Vigil’s server. Check your connection.");
  });

  it("quotes a wallet's bare EIP-1193 error object instead of dropping its reason", () => {
    expect(signInFailureReason({ code: -32603, message: "Internal JSON-RPC error." })).toBe(
      "Your wallet said: “Internal JSON-RPC error.”.",
    );
  });

  it("still says what to check when nothing gives a reason", () => {
    expect(signInFailureReason(undefined)).toBe("Your wallet gave no reason. Unlock it and try again.");
    expect(signInFailureReason(new Error(""))).toBe("Your wallet gave no reason. Unlock it and try again.");
  });
});
