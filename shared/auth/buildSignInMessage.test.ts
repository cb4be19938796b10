import { parseSiweMessage } from "viem/siwe";
import { describe, expect, it } from "vitest";
import type { NonceResponse } from "../schemas/auth";
import { buildSignInMessage, SignInChainError } from "./buildSignInMessage";

const ADDRESS = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const nonce: NonceResponse = {
  nonce: "abcdef123456",
  expiresAt: "2026-11-25T16:10:00.000Z",
  scheme: "http",
  domain: "127.0.0.1:8787",
  uri: "http://127.0.0.1:8787/",
  chainIds: [31337, 1],
  statement: "Sign in to Vigil.",
  version: "1",
};
const now = new Date("2026-11-25T16:05:00.000Z");

describe("buildSignInMessage", () => {
  it("builds the EIP-4361 message from the API's nonce, including the scheme of its URI", () => {
    const message = buildSignInMessage({ nonce, address: ADDRESS, walletChainId: 1, now });
    // EIP-4361 defaults a missing scheme to https; an http API must be named as such.
    expect(message.startsWith("http://127.0.0.1:8787 wants you to sign in")).toBe(true);
    const parsed = parseSiweMessage(message);
    expect(parsed).toMatchObject({
      scheme: "http",
      domain: nonce.domain,
      address: ADDRESS,
      uri: nonce.uri,
      chainId: 1,
      nonce: nonce.nonce,
      statement: nonce.statement,
      version: "1",
    });
    expect(parsed.issuedAt?.toISOString()).toBe(now.toISOString());
    expect(parsed.expirationTime?.toISOString()).toBe(nonce.expiresAt);
  });

  it("uses the first chain the API accepts when the wallet is on another one", () => {
    expect(
      parseSiweMessage(buildSignInMessage({ nonce, address: ADDRESS, walletChainId: 8453, now })).chainId,
    ).toBe(31337);
  });

  it("keeps an https API's scheme", () => {
    const message = buildSignInMessage({
      nonce: { ...nonce, scheme: "https", domain: "api.vigil.example", uri: "https://api.vigil.example/" },
      address: ADDRESS,
      walletChainId: 1,
      now,
    });
    expect(message.startsWith("https://api.vigil.example wants you to sign in")).toBe(true);
  });

  it("refuses to build a message when the API accepts no chain", () => {
    expect(() =>
      buildSignInMessage({ nonce: { ...nonce, chainIds: [] }, address: ADDRESS, walletChainId: 1, now }),
    ).toThrow(SignInChainError);
  });
});
