import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { checkSigner } from "./signatureSigner";

// Anvil's well-known test keys #2 (the user) and #1 (someone else).
const user = privateKeyToAccount("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
const stranger = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const MESSAGE = "127.0.0.1:8787 wants you to sign in with your Ethereum account:\n…";

describe("checkSigner", () => {
  it("accepts the chosen account's own signature", async () => {
    const signature = await user.signMessage({ message: MESSAGE });
    expect(await checkSigner(MESSAGE, signature, user.address)).toEqual({ kind: "matches" });
  });

  it("names the real signer of another key's signature, or of the right key over another message", async () => {
    const byStranger = await stranger.signMessage({ message: MESSAGE });
    expect(await checkSigner(MESSAGE, byStranger, user.address)).toEqual({
      kind: "other",
      signer: stranger.address,
    });
    const otherText = await user.signMessage({ message: `${MESSAGE} (edited)` });
    expect((await checkSigner(MESSAGE, otherText, user.address)).kind).toBe("other");
  });

  it("leaves longer (contract-wallet) signatures to the API and refuses junk", async () => {
    expect(await checkSigner(MESSAGE, `0x${"ab".repeat(200)}`, user.address)).toEqual({ kind: "contract" });
    expect(await checkSigner(MESSAGE, "0x1234", user.address)).toEqual({ kind: "malformed" });
    expect(await checkSigner(MESSAGE, `0x${"11".repeat(65)}`, user.address)).toEqual({ kind: "malformed" });
  });
});
