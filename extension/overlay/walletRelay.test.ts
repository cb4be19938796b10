import { describe, expect, it } from "vitest";
import type { ToPagePayload } from "../lib/messages/pageBridge";
import type { WalletRelayOutcome } from "../lib/messages/walletRelay";
import { createWalletRelay } from "./walletRelay";

const ORIGIN = "chrome-extension://abcdefghijklmnopabcdefghijklmnop/";
const ID = "abcdefghijklmnopabcdefghijklmnop";
const ask = { type: "walletRelay/request", request: { rdns: "io.rabby", method: "eth_chainId", params: [] } };
const fromApprovalPage = { id: ID, url: `${ORIGIN}approval.html#tx1` };

function relay() {
  const posted: ToPagePayload[] = [];
  let next = 0;
  const walletRelay = createWalletRelay({
    toPage: (payload) => posted.push(payload),
    extensionOrigin: ORIGIN,
    extensionId: ID,
    newRequestId: () => `r${++next}`,
  });
  return { walletRelay, posted };
}

describe("the content script's wallet relay", () => {
  it("passes a Vigil page's request to the main world and answers with the wallet's outcome", () => {
    const { walletRelay, posted } = relay();
    const answers: WalletRelayOutcome[] = [];
    expect(walletRelay.onMessage(ask, fromApprovalPage, (a) => answers.push(a))).toBe(true);
    expect(posted).toEqual([{ kind: "wallet/request", requestId: "r1", request: ask.request }]);
    walletRelay.onResponse("r9", { ok: true, result: "0x1" });
    walletRelay.onResponse("r1", { ok: true, result: "0x7a69" });
    walletRelay.onResponse("r1", { ok: true, result: "0x1" });
    expect(answers).toEqual([{ ok: true, result: "0x7a69" }]);
  });

  it("ignores other messages and refuses senders that are not Vigil's pages", () => {
    const { walletRelay, posted } = relay();
    const answers: WalletRelayOutcome[] = [];
    expect(walletRelay.onMessage({ type: "other" }, fromApprovalPage, (a) => answers.push(a))).toBe(false);
    walletRelay.onMessage(ask, { id: "another-extension", url: `${ORIGIN}x` }, (a) => answers.push(a));
    walletRelay.onMessage(ask, { id: ID, url: "https://app.aave.com/" }, (a) => answers.push(a));
    const signTyped = { ...ask, request: { ...ask.request, method: "eth_signTypedData_v4" } };
    expect(walletRelay.onMessage(signTyped, fromApprovalPage, (a) => answers.push(a))).toBe(false);
    expect(posted).toEqual([]);
    expect(answers.map((a) => (a.ok ? "ok" : a.error.code))).toEqual([4100, 4100]);
  });

  it("fails open requests when the content script goes away, and caps how many wait", () => {
    const { walletRelay, posted } = relay();
    const answers: WalletRelayOutcome[] = [];
    for (let i = 0; i < 17; i++) walletRelay.onMessage(ask, fromApprovalPage, (a) => answers.push(a));
    expect(posted).toHaveLength(16);
    expect(answers).toEqual([
      {
        ok: false,
        error: { code: -32005, message: "Too many wallet requests are waiting; answer the wallet first." },
      },
    ]);
    walletRelay.close();
    expect(answers).toHaveLength(17);
    expect(answers.at(-1)).toMatchObject({ ok: false, error: { code: 4900 } });
  });
});
