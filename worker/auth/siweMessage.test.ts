import { describe, expect, it } from "vitest";
import { buildSignInMessage } from "../../shared/auth/buildSignInMessage";
import type { NonceResponse } from "../../shared/schemas/auth";
import { ValidationError } from "../errors";
import { SIWE_STATEMENT } from "./siwe";
import { parseSignInMessage } from "./siweMessage";

// A message Vigil would accept (what GET /auth/nonce hands out for the dev API), then broken one way per case.
// The cases follow the EIP-4361 reference implementation's negative parsing vectors (spruceid/siwe
// test/parsing_negative.json), re-built on this message, plus the injections a page would try.
const ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const nonce: NonceResponse = {
  nonce: "Xy7kP2qLm9Rt4Wz1",
  expiresAt: "2026-12-01T03:05:00.000Z",
  scheme: "http",
  domain: "127.0.0.1:8787",
  uri: "http://127.0.0.1:8787/",
  chainIds: [31337],
  statement: SIWE_STATEMENT,
  version: "1",
};
const valid = buildSignInMessage({ nonce, address: ADDRESS, now: new Date("2026-12-01T03:00:00.000Z") });
const lines = valid.split("\n");
// 0 origin line · 1 address · 2 "" · 3 statement · 4 "" · 5 URI · 6 Version · 7 Chain ID · 8 Nonce · 9 Issued At
// · 10 Expiration Time
const withLines = (edit: (lines: string[]) => string[]) => edit([...lines]).join("\n");
const replaceLine = (index: number, text: string) =>
  withLines((l) => {
    l[index] = text;
    return l;
  });
const removeLine = (index: number) => withLines((l) => l.filter((_, k) => k !== index));
const swapLines = (a: number, b: number) =>
  withLines((l) => {
    [l[a], l[b]] = [l[b] as string, l[a] as string];
    return l;
  });
const insertAfter = (index: number, ...text: string[]) =>
  withLines((l) => [...l.slice(0, index + 1), ...text, ...l.slice(index + 1)]);

function reasonFor(message: string): string | undefined {
  try {
    parseSignInMessage(message);
  } catch (error) {
    if (error instanceof ValidationError) return error.data?.reason;
    throw error;
  }
  return undefined;
}

describe("parseSignInMessage", () => {
  it("accepts the message Vigil's one builder makes, field for field", () => {
    expect(lines).toHaveLength(11);
    const fields = parseSignInMessage(valid);
    expect(fields).toMatchObject({
      scheme: "http",
      domain: "127.0.0.1:8787",
      address: ADDRESS,
      statement: SIWE_STATEMENT,
      uri: "http://127.0.0.1:8787/",
      version: "1",
      chainId: 31337,
      nonce: "Xy7kP2qLm9Rt4Wz1",
    });
    expect(fields.issuedAt.toISOString()).toBe("2026-12-01T03:00:00.000Z");
    expect(fields.expirationTime?.toISOString()).toBe("2026-12-01T03:05:00.000Z");
  });

  const refused: [string, string, string][] = [
    // Missing fields.
    [
      "missing domain",
      replaceLine(0, " wants you to sign in with your Ethereum account:"),
      "message_malformed",
    ],
    ["missing address", removeLine(1), "message_malformed"],
    ["missing URI", removeLine(5), "message_malformed"],
    ["missing version", removeLine(6), "message_malformed"],
    ["missing chain id", removeLine(7), "message_malformed"],
    ["missing nonce", removeLine(8), "message_malformed"],
    ["missing issued at", removeLine(9), "message_malformed"],
    // Fields out of order.
    ["URI after Version", swapLines(5, 6), "message_malformed"],
    ["Chain ID before Version", swapLines(6, 7), "message_malformed"],
    ["Nonce before Chain ID", swapLines(7, 8), "message_malformed"],
    ["Issued At before Nonce", swapLines(8, 9), "message_malformed"],
    ["Expiration Time before Issued At", swapLines(9, 10), "message_malformed"],
    [
      "Not Before before Expiration Time",
      insertAfter(9, "Not Before: 2026-12-01T03:00:00.000Z"),
      "message_not_canonical",
    ],
    // Field syntax.
    [
      "domain that is no RFC 3986 authority",
      replaceLine(0, "#notrfc3986 wants you to sign in with your Ethereum account:"),
      "message_malformed",
    ],
    ["address all lower case", replaceLine(1, ADDRESS.toLowerCase()), "address_not_checksummed"],
    [
      "address with a wrong checksum",
      replaceLine(1, ADDRESS.replace("f39Fd", "F39fd")),
      "address_not_checksummed",
    ],
    [
      "address all upper case",
      replaceLine(1, `0x${ADDRESS.slice(2).toUpperCase()}`),
      "address_not_checksummed",
    ],
    [
      "statement broken over two lines",
      withLines((l) => [
        ...l.slice(0, 3),
        "Sign in to Vigil",
        "to watch your DeFi positions.",
        ...l.slice(4),
      ]),
      "message_not_canonical",
    ],
    [
      "URI that is no RFC 3986 URI",
      replaceLine(5, "URI: :not_a_rfc3986_valid_uri_"),
      "message_not_canonical",
    ],
    ["Version 2", replaceLine(6, "Version: 2"), "version_unsupported"],
    ["chain id that is no number", replaceLine(7, "Chain ID: ?"), "message_malformed"],
    ["nonce of 7 characters", replaceLine(8, "Nonce: 1234567"), "message_not_canonical"],
    [
      "Issued At not ISO 8601",
      replaceLine(9, "Issued At: Wed Oct 05 2011 16:48:00 GMT+0200 (CEST)"),
      "message_not_canonical",
    ],
    [
      "Expiration Time not ISO 8601",
      replaceLine(10, "Expiration Time: Wed Oct 05 2011 16:48:00 GMT+0200 (CEST)"),
      "message_not_canonical",
    ],
    [
      "Not Before not ISO 8601",
      `${valid}\nNot Before: Wed Oct 05 2011 16:48:00 GMT+0200 (CEST)`,
      "message_not_canonical",
    ],
    // ISO 8601, but not the form the builder writes: the signed text could not be re-built from its fields.
    [
      "Issued At without milliseconds",
      replaceLine(9, "Issued At: 2026-12-01T03:00:00Z"),
      "message_not_canonical",
    ],
    [
      "Issued At with an offset",
      replaceLine(9, "Issued At: 2026-12-01T04:00:00.000+01:00"),
      "message_not_canonical",
    ],
    // Resources and Request ID: Vigil issues none (a page could use them to make the wallet show other things).
    [
      "resources on one line",
      `${valid}\nResources: - https://a.example - https://b.example`,
      "field_not_allowed",
    ],
    ["a resource", `${valid}\nResources:\n- https://evil.example/`, "field_not_allowed"],
    ["a request id", `${valid}\nRequest ID: some_id`, "field_not_allowed"],
    // Extra and injected lines.
    ["a blank line between fields", insertAfter(6, ""), "message_malformed"],
    ["a blank line before the address", insertAfter(0, ""), "message_malformed"],
    ["a trailing line break", `${valid}\n`, "message_not_canonical"],
    ["a leading line break", `\n${valid}`, "message_malformed"],
    ["a second Nonce line at the end", `${valid}\nNonce: AAAAAAAAAAAA`, "message_not_canonical"],
    [
      "text after the last field",
      `${valid}\nSend 1 ETH to 0x0000000000000000000000000000000000000001`,
      "message_not_canonical",
    ],
    [
      "an injected line inside the statement block",
      insertAfter(3, "Also approve unlimited USDC spending."),
      "message_not_canonical",
    ],
    ["a second message glued on", `${valid}\n\n${valid}`, "message_not_canonical"],
    ["Windows line endings", valid.replaceAll("\n", "\r\n"), "message_malformed"],
    ["trailing space on a field", replaceLine(5, `${lines[5]} `), "message_not_canonical"],
  ];

  it.each(refused)("refuses %s", (_label, message, reason) => {
    expect(message).not.toBe(valid);
    expect(reasonFor(message)).toBe(reason);
  });

  it("answers a refusal as a 400 naming the message field", () => {
    try {
      parseSignInMessage(replaceLine(1, ADDRESS.toLowerCase()));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const validation = error as ValidationError;
      expect(validation.status).toBe(400);
      expect(validation.data?.fields).toEqual([
        { location: "body", path: "message", message: "the address must be written EIP-55 checksummed" },
      ]);
    }
  });
});
