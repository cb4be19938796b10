import { describe, expect, it } from "vitest";
import type { PageTransactionRequest, ToPagePayload } from "../lib/messages/pageBridge";
import { createPreviewRequests, MAX_HELD_PREVIEWS } from "./previewRequests";

const borrow: PageTransactionRequest = {
  chainId: 31337,
  to: "0x32467b43BFa67273FC7dDda0999Ee9A12F2AaA08",
  data: `0xa415bcad${"00".repeat(160)}`,
};

function setup(preview: (tx: PageTransactionRequest) => Promise<boolean>) {
  const sent: ToPagePayload[] = [];
  const requests = createPreviewRequests({ toPage: (p) => sent.push(p), preview, pageAccount: () => null });
  return { sent, requests };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("answering the main world's preview requests", () => {
  it("a transaction it cannot read goes on at once, without asking the preview", () => {
    const asked: unknown[] = [];
    const { sent, requests } = setup(async (tx) => {
      asked.push(tx);
      return false;
    });
    for (const tx of [
      { ...borrow, data: "" },
      { ...borrow, data: `0xa415bcad${"00".repeat(48_000)}` },
      "tx",
      null,
    ]) {
      requests.onRequest("ab", tx);
    }
    expect(sent).toEqual(
      Array.from({ length: 4 }, () => ({ kind: "preview/decision", requestId: "ab", proceed: true })),
    );
    expect(asked).toEqual([]);
  });

  it("acknowledges a readable one at once, then answers with the preview's decision", async () => {
    let decide: (proceed: boolean) => void = () => undefined;
    const { sent, requests } = setup(() => new Promise((resolve) => (decide = resolve)));
    requests.onRequest("01", borrow);
    expect(sent).toEqual([{ kind: "preview/pending", requestId: "01" }]);
    decide(false);
    await settle();
    expect(sent.at(-1)).toEqual({ kind: "preview/decision", requestId: "01", proceed: false });
  });

  it("a preview that fails lets the transaction go on", async () => {
    const { sent, requests } = setup(() => Promise.reject(new Error("background gone")));
    requests.onRequest("02", borrow);
    await settle();
    expect(sent.at(-1)).toEqual({ kind: "preview/decision", requestId: "02", proceed: true });
  });

  it("closing switches the preview off and lets every held request go on, once", async () => {
    let decide: (proceed: boolean) => void = () => undefined;
    const { sent, requests } = setup(() => new Promise((resolve) => (decide = resolve)));
    requests.onRequest("03", borrow);
    requests.close();
    decide(false);
    await settle();
    expect(sent).toEqual([
      { kind: "preview/pending", requestId: "03" },
      { kind: "preview/off" },
      { kind: "preview/decision", requestId: "03", proceed: true },
    ]);
  });
});

describe("a page that floods the preview", () => {
  it("holds only a few requests at once: the rest go on at once, without asking the background", async () => {
    const asked: string[] = [];
    const decisions: Array<(proceed: boolean) => void> = [];
    const { sent, requests } = setup(
      () =>
        new Promise((resolve) => {
          asked.push("preview");
          decisions.push(resolve);
        }),
    );
    for (let i = 0; i < 200; i += 1) requests.onRequest(i.toString(16), borrow);
    expect(asked.length).toBeLessThanOrEqual(MAX_HELD_PREVIEWS);
    const goneOn = sent.filter((p) => p.kind === "preview/decision" && p.proceed);
    expect(goneOn).toHaveLength(200 - asked.length);
    // Once the held ones are decided, the next request is previewed again.
    for (const decide of decisions) decide(true);
    await settle();
    requests.onRequest("fff", borrow);
    expect(asked.length).toBe(MAX_HELD_PREVIEWS + 1);
  });
});

describe("whose account a held transaction is", () => {
  const OTHER = "0x0c54FcCd2e384b4BB6f2E405Bf5Cbc15a017AaFb";
  it("without a `from`, it is the account the page's wallet gave the page (a withdraw moves the sender's funds)", () => {
    const asked: PageTransactionRequest[] = [];
    const requests = createPreviewRequests({
      toPage: () => undefined,
      preview: async (tx) => {
        asked.push(tx);
        return true;
      },
      pageAccount: () => OTHER,
    });
    requests.onRequest("01", borrow);
    requests.onRequest("02", { ...borrow, from: borrow.to });
    expect(asked).toEqual([
      { ...borrow, from: OTHER },
      { ...borrow, from: borrow.to },
    ]);
  });
});
