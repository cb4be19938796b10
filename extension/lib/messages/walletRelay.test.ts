import { describe, expect, it } from "vitest";
import { readToContentMessage, readToPageMessage } from "./pageBridge";
import { walletRelayOutcomeSchema, walletRelayTabMessageSchema } from "./walletRelay";

const signIn = {
  rdns: "io.rabby",
  method: "personal_sign",
  params: ["0x48656c6c6f", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"],
};

describe("wallet relay messages", () => {
  it("lets an extension page ask for sign-in, transaction and chain-switch methods only", () => {
    expect(walletRelayTabMessageSchema().parse({ type: "walletRelay/request", request: signIn })).toEqual({
      type: "walletRelay/request",
      request: signIn,
    });
    for (const method of ["wallet_switchEthereumChain", "wallet_addEthereumChain"]) {
      const chain = { ...signIn, method, params: [{ chainId: "0x7a69" }] };
      expect(
        walletRelayTabMessageSchema().safeParse({ type: "walletRelay/request", request: chain }).success,
      ).toBe(true);
    }
    for (const method of ["eth_signTypedData_v4", "wallet_watchAsset", "eth_sign", "eth_accounts"]) {
      expect(
        walletRelayTabMessageSchema().safeParse({
          type: "walletRelay/request",
          request: { ...signIn, method },
        }).success,
      ).toBe(false);
    }
  });

  it("refuses oversized params and results instead of posting them into the page", () => {
    const huge = `0x${"ab".repeat(30_000)}`;
    expect(
      walletRelayTabMessageSchema().safeParse({
        type: "walletRelay/request",
        request: { ...signIn, params: [huge] },
      }).success,
    ).toBe(false);
    expect(walletRelayOutcomeSchema().safeParse({ ok: true, result: huge }).success).toBe(false);
    expect(walletRelayOutcomeSchema().safeParse({ ok: true, result: "0x7a69" }).success).toBe(true);
  });

  it("carries the wallet's EIP-1193 error code back (4001 = the user said no)", () => {
    const rejected = { ok: false, error: { code: 4001, message: "User rejected" } };
    expect(walletRelayOutcomeSchema().parse(rejected)).toEqual(rejected);
    expect(
      walletRelayOutcomeSchema().safeParse({ ok: false, error: { code: 1.5, message: "x" } }).success,
    ).toBe(false);
  });

  it("crosses the page bridge only in its own direction", () => {
    const request = { kind: "wallet/request", requestId: "0a1b", request: signIn };
    expect(readToPageMessage(request)).toEqual(request);
    expect(readToContentMessage(request)).toBeNull();
    const response = { kind: "wallet/response", requestId: "0a1b", outcome: { ok: true, result: "0xsig" } };
    expect(readToContentMessage(response)).toEqual(response);
    expect(readToPageMessage(response)).toBeNull();
    // An answer it cannot read ends the request with an error (pageBridge.test.ts), not silence.
    expect(readToContentMessage({ ...response, outcome: { ok: "yes" } })).toMatchObject({
      requestId: "0a1b",
      outcome: { ok: false, error: { code: -32603 } },
    });
  });
});
