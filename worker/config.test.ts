import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { configProblems, loadConfig, weakSecretReason } from "./config";
import type { Env } from "./env";
import { InternalError } from "./errors";

// 32 random bytes, written the ways an operator would (openssl rand -hex 32 / -base64 32, Node base64url).
const HEX = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const BASE64 = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=";
const BASE64URL = "n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg";

const vars = (overrides: Partial<Env>): Env => ({
  ...env,
  CHAIN_IDS: "31337",
  SIWE_ALLOWED_ORIGINS: "https://api.vigil.example,chrome-extension://mddmjekbcnknncbhnamppcldcpfgiehn",
  JWT_SECRET: HEX,
  ...overrides,
});

describe("JWT_SECRET", () => {
  it("accepts 32 random bytes in hex, base64 and base64url", () => {
    for (const secret of [HEX, BASE64, BASE64URL, HEX.toUpperCase()]) {
      expect({ secret, reason: weakSecretReason(secret) }).toEqual({ secret, reason: null });
    }
    expect(configProblems(vars({}))).toEqual([]);
  });

  it("refuses the example placeholder by name", () => {
    expect(configProblems(vars({ JWT_SECRET: "replace-me-with-at-least-32-random-characters" }))).toEqual([
      "JWT_SECRET: JWT_SECRET is the example placeholder; generate one with `openssl rand -hex 32` (64 hex digits) or 32 random bytes in base64",
    ]);
  });

  it.each([
    ["31 bytes of hex", HEX.slice(0, 62), "is 31 bytes of hex; at least 32 bytes are needed"],
    ["31 bytes of base64url", BASE64URL.slice(0, 41), "is 30 bytes of base64; at least 32 bytes are needed"],
    ["a repeated hex digit", "a".repeat(64), "does not look random"],
    ["hex digits only, no letters", "0123456789".repeat(7), "does not look random"],
    [
      "a long lower-case phrase",
      "correcthorsebatterystaplecorrecthorsebatterystaple",
      "does not look random",
    ],
    [
      "a passphrase with spaces",
      "this is my very long and very secret jwt signing passphrase",
      "is not hex or base64",
    ],
    ["the old test secret", "test-secret-only-for-workerd-tests-0123456789", "is the example placeholder"],
    ["an empty string", "", "is not hex or base64"],
  ])("refuses %s", (_label, secret, reason) => {
    expect(weakSecretReason(secret)).toContain(reason);
    expect(configProblems(vars({ JWT_SECRET: secret }))).toHaveLength(1);
  });

  it("makes every request a server error naming what to fix, never a session signed with it", () => {
    try {
      loadConfig(vars({ JWT_SECRET: "replace-me-with-at-least-32-random-characters" }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InternalError);
      expect((error as InternalError).details).toContain("JWT_SECRET is the example placeholder");
    }
  });
});

describe("SIWE_ALLOWED_ORIGINS", () => {
  it("takes exact origins", () => {
    const config = loadConfig(vars({}));
    expect(config.allowedOrigins.map((origin) => [origin.scheme, origin.authority])).toEqual([
      ["https", "api.vigil.example"],
      ["chrome-extension", "mddmjekbcnknncbhnamppcldcpfgiehn"],
    ]);
  });

  it.each([
    "chrome-extension://*",
    "moz-extension://*",
    "https://*.vigil.example",
    "chrome-extension://mddmjekbcnknncbhnamppcldcpfgie*",
    "https://api.vigil.example:*",
    "*",
    "https://api.vigil.exampl?",
  ])("refuses the wildcard %s at start with a clear message", (wildcard) => {
    const problems = configProblems(vars({ SIWE_ALLOWED_ORIGINS: `https://api.vigil.example,${wildcard}` }));
    expect(problems).toEqual([
      `SIWE_ALLOWED_ORIGINS.1: "${wildcard}" is a wildcard; list each allowed origin exactly (e.g. chrome-extension://<your extension id>)`,
    ]);
    expect(() => loadConfig(vars({ SIWE_ALLOWED_ORIGINS: wildcard }))).toThrow(InternalError);
  });

  it.each(["https://api.vigil.example/login", "api.vigil.example", "https://", "https://a b"])(
    "refuses %s, which is no origin",
    (origin) => {
      expect(configProblems(vars({ SIWE_ALLOWED_ORIGINS: origin }))).toEqual([
        `SIWE_ALLOWED_ORIGINS.0: "${origin}" is not an origin (scheme://host[:port], no path)`,
      ]);
    },
  );

  it("is what the running worker was started with: the dev origins, no wildcard", () => {
    expect(env.SIWE_ALLOWED_ORIGINS.split(",")).toEqual([
      "http://127.0.0.1:8787",
      "http://localhost:8787",
      "chrome-extension://mddmjekbcnknncbhnamppcldcpfgiehn",
    ]);
    expect(configProblems(env)).toEqual([]);
  });
});
