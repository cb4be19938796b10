import { describe, expect, it } from "vitest";
import { pageTransactionSchema, readToContentMessage, readToPageMessage } from "./pageBridge";

const wallet = {
  uuid: "350670db-19fa-4704-a166-e52e178b59d2",
  name: "Test Wallet",
  icon: "data:image/svg+xml,<svg/>",
  rdns: "io.test",
};
const providers = (list: unknown[]) => ({ kind: "eip6963/providers", providers: list });

describe("page bridge messages", () => {
  it("accepts Vigil's main-world message", () => {
    expect(readToContentMessage(providers([wallet]))).toEqual({
      kind: "eip6963/providers",
      providers: [wallet],
    });
  });

  it("ignores messages in the other direction or of unknown kinds", () => {
    expect(readToPageMessage(providers([wallet]))).toBeNull();
    expect(readToContentMessage({ ...providers([wallet]), kind: "other" })).toBeNull();
    expect(readToContentMessage("hello")).toBeNull();
  });

  it("refuses wallet icons that are not data: URIs (a page could use a URL to track the user)", () => {
    expect(readToContentMessage(providers([{ ...wallet, icon: "https://evil.example/pixel.png" }]))).toEqual({
      kind: "eip6963/providers",
      providers: [],
    });
  });

  it("drops only the wallets it cannot read: one bad announcement does not hide the others", () => {
    const other = { ...wallet, rdns: "io.other", uuid: "11111111-1111-4111-8111-111111111111" };
    const junk = [
      { ...wallet, rdns: "io.remote-icon", icon: "https://evil.example/pixel.png" },
      { ...wallet, rdns: "io.long-name", name: "x".repeat(101) },
      { ...wallet, rdns: 7 },
      "not a wallet",
    ];
    expect(readToContentMessage(providers([junk[0], wallet, ...junk.slice(1), other]))).toEqual({
      kind: "eip6963/providers",
      providers: [wallet, other],
    });
  });

  it("refuses oversized lists and drops unknown fields", () => {
    expect(readToContentMessage(providers(Array.from({ length: 21 }, () => wallet)))).toBeNull();
    const extra = readToContentMessage(providers([{ ...wallet, provider: { request: "x" } }]));
    expect(extra).toEqual({ kind: "eip6963/providers", providers: [wallet] });
  });

  it("carries a transaction to preview and the decision back, and nothing malformed", () => {
    const tx = {
      chainId: 31337,
      from: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
      to: "0x32467b43BFa67273FC7dDda0999Ee9A12F2AaA08",
      data: "0xa415bcad",
    };
    const request = (payload: unknown) => payload;
    expect(readToContentMessage(request({ kind: "preview/request", requestId: "ab12", tx }))).toEqual({
      kind: "preview/request",
      requestId: "ab12",
      tx,
    });
    expect(pageTransactionSchema().parse(tx)).toEqual(tx);
    // A transaction the preview cannot read still arrives as a request (the content script answers "go on"
    // at once); only its own schema refuses it: not an address, not hex, a bad chain, too long for a Pool call.
    for (const bad of [
      { ...tx, to: "pool" },
      { ...tx, data: "borrow()" },
      { ...tx, chainId: -1 },
      { ...tx, data: `0xa415bcad${"00".repeat(48_000)}` },
      "not a transaction",
    ]) {
      expect(readToContentMessage(request({ kind: "preview/request", requestId: "ab12", tx: bad }))).toEqual({
        kind: "preview/request",
        requestId: "ab12",
        tx: bad,
      });
      expect(pageTransactionSchema().safeParse(bad).success).toBe(false);
    }
    // A request id that is not ours to mint: ignored (there is nobody to answer).
    expect(readToContentMessage(request({ kind: "preview/request", requestId: "<script>", tx }))).toBeNull();

    const decision = { kind: "preview/decision", requestId: "ab12", proceed: false };
    expect(readToPageMessage(decision)).toEqual({
      kind: "preview/decision",
      requestId: "ab12",
      proceed: false,
    });
    expect(readToContentMessage(decision)).toBeNull();
    expect(readToPageMessage({ kind: "preview/off" })).toEqual({ kind: "preview/off" });
  });

  it("answers a wallet response it cannot read with an error, never with silence", () => {
    const answer = (outcome: unknown) => ({ kind: "wallet/response", requestId: "ab12", outcome });
    expect(readToContentMessage(answer({ ok: true, result: "0x7a69" }))).toEqual(
      answer({ ok: true, result: "0x7a69" }),
    );
    for (const unreadable of [
      { ok: true, result: "0x".padEnd(60_000, "0") },
      { ok: false, error: { code: 1.5, message: "?" } },
      "nonsense",
    ]) {
      expect(readToContentMessage(answer(unreadable))).toEqual(
        answer({ ok: false, error: { code: -32603, message: "Vigil could not read the wallet's answer." } }),
      );
    }
    // Not one of Vigil's request ids: nothing to answer.
    expect(
      readToContentMessage({ kind: "wallet/response", requestId: "<x>", outcome: "nonsense" }),
    ).toBeNull();
  });
});
