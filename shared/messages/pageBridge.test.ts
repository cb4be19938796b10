import { describe, expect, it } from "vitest";
import { PAGE_BRIDGE_TAG, readToContentMessage, readToPageMessage } from "./pageBridge";

const channel = "0123456789abcdef0123456789abcdef";
const wallet = {
  uuid: "350670db-19fa-4704-a166-e52e178b59d2",
  name: "Test Wallet",
  icon: "data:image/svg+xml,<svg/>",
  rdns: "io.test",
};
const providers = (list: unknown[]) => ({
  tag: PAGE_BRIDGE_TAG,
  channel,
  direction: "toContent",
  payload: { kind: "eip6963/providers", providers: list },
});

describe("page bridge messages", () => {
  it("accepts Vigil's main-world message on this page's channel", () => {
    expect(readToContentMessage(providers([wallet]), channel)).toEqual({
      kind: "eip6963/providers",
      providers: [wallet],
    });
  });

  it("ignores messages on another channel, in the other direction, or without the tag", () => {
    expect(readToContentMessage(providers([wallet]), "ffffffffffffffffffffffffffffffff")).toBeNull();
    expect(readToPageMessage(providers([wallet]), channel)).toBeNull();
    expect(readToContentMessage({ ...providers([wallet]), tag: "other" }, channel)).toBeNull();
    expect(readToContentMessage("hello", channel)).toBeNull();
  });

  it("refuses wallet icons that are not data: URIs (a page could use a URL to track the user)", () => {
    expect(
      readToContentMessage(providers([{ ...wallet, icon: "https://evil.example/pixel.png" }]), channel),
    ).toBeNull();
  });

  it("refuses oversized lists and drops unknown fields", () => {
    expect(readToContentMessage(providers(Array.from({ length: 21 }, () => wallet)), channel)).toBeNull();
    const extra = readToContentMessage(providers([{ ...wallet, provider: { request: "x" } }]), channel);
    expect(extra).toEqual({ kind: "eip6963/providers", providers: [wallet] });
  });
});
