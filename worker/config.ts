import { z } from "zod";
import { InternalError } from "./errors";

/** An allowed sign-in origin: exactly one scheme + authority (host[:port] or an extension id). */
export interface AllowedOrigin {
  scheme: string;
  authority: string;
  /** The origin as configured, e.g. "chrome-extension://mddmjekbcnknncbhnamppcldcpfgiehn". */
  pattern: string;
}

export interface Config {
  chainIds: readonly number[];
  allowedOrigins: readonly AllowedOrigin[];
  jwtSecret: string;
  /** The chain's RPC URLs in order of preference (`RPC_URL_<chainId>`, comma-separated): the first is tried
   * first, the others are fallbacks. */
  rpcUrls(chainId: number): readonly string[];
  /** Per-attempt RPC timeout for the chain (`RPC_TIMEOUT_MS_<chainId>`); undefined = the client's default. */
  rpcTimeoutMs(chainId: number): number | undefined;
}

const csv = (value: string) =>
  value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

/**
 * One concrete origin. No wildcard of any shape: `chrome-extension://*` would let every installed extension (and
 * so anyone who publishes one) ask for a Vigil sign-in. Dev and e2e builds pin the extension id with a manifest key.
 */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

const originSchema = z.string().superRefine((value, ctx) => {
  if (/[*?]/.test(value)) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is a wildcard; list each allowed origin exactly (e.g. chrome-extension://<your extension id>)`,
    });
  } else if (!ORIGIN.test(value)) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not an origin (scheme://host[:port], no path)` });
  }
});

/** The value .dev.vars.example ships with, and earlier examples: never a real secret. */
const PLACEHOLDER_SECRETS = new Set([
  "replace-me-with-at-least-32-random-characters",
  "test-secret-only-for-workerd-tests-0123456789",
]);

const HOW_TO_MAKE_A_SECRET =
  "generate one with `openssl rand -hex 32` (64 hex digits) or 32 random bytes in base64";

/**
 * Why `secret` is not at least 32 random bytes, or null when it plausibly is. A secret must be random bytes in
 * hex (≥ 64 digits, both digits and letters) or base64/base64url (≥ 43 characters, both cases, ≥ 20 distinct
 * characters): random data meets these with overwhelming probability, while words, repeats and short strings fail.
 */
export function weakSecretReason(secret: string): string | null {
  if (PLACEHOLDER_SECRETS.has(secret)) return "is the example placeholder";
  if (/^[0-9a-fA-F]+$/.test(secret)) {
    if (secret.length < 64) return `is ${secret.length / 2} bytes of hex; at least 32 bytes are needed`;
    if (!/[0-9]/.test(secret) || !/[a-fA-F]/.test(secret) || new Set(secret).size < 10) {
      return "does not look random (too few distinct hex digits)";
    }
    return null;
  }
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(secret)) {
    const bytes = Math.floor((secret.replace(/=+$/, "").length * 6) / 8);
    if (bytes < 32) return `is ${bytes} bytes of base64; at least 32 bytes are needed`;
    if (!/[a-z]/.test(secret) || !/[A-Z]/.test(secret) || new Set(secret).size < 20) {
      return "does not look random (base64 of random bytes mixes upper and lower case and many characters)";
    }
    return null;
  }
  return "is not hex or base64 random bytes";
}

const configVarsSchema = z.object({
  CHAIN_IDS: z
    .string()
    .transform(csv)
    .pipe(z.array(z.string().regex(/^\d+$/).transform(Number)).min(1)),
  SIWE_ALLOWED_ORIGINS: z.string().transform(csv).pipe(z.array(originSchema).min(1)),
  JWT_SECRET: z.string().superRefine((secret, ctx) => {
    const reason = weakSecretReason(secret);
    if (reason) ctx.addIssue({ code: "custom", message: `JWT_SECRET ${reason}; ${HOW_TO_MAKE_A_SECRET}` });
  }),
});

function parseOrigin(pattern: string): AllowedOrigin {
  const [scheme = "", authority = ""] = pattern.split("://");
  return { scheme, authority, pattern };
}

export function originMatches(origin: AllowedOrigin, scheme: string, authority: string): boolean {
  return origin.scheme === scheme && origin.authority === authority;
}

/** The vars the configuration is read from (a subset of the Worker's Env, so config never depends on bindings). */
export interface ConfigVars {
  CHAIN_IDS: string;
  SIWE_ALLOWED_ORIGINS: string;
  JWT_SECRET: string;
  [rpcUrl: `RPC_URL_${number}`]: string | undefined;
  [rpcTimeoutMs: `RPC_TIMEOUT_MS_${number}`]: string | undefined;
}

const rpcUrlsSchema = z.array(z.url({ protocol: /^https?$/ })).min(1);
const rpcTimeoutSchema = z.string().regex(/^\d+$/).transform(Number).pipe(z.number().min(100).max(60_000));

const problemsOf = (error: z.ZodError): string[] =>
  error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);

/** Every problem with the vars, one line each (`VAR: what is wrong`); empty when the worker may start. */
export function configProblems(vars: ConfigVars): string[] {
  const parsed = configVarsSchema.safeParse(vars);
  return parsed.success ? [] : problemsOf(parsed.error);
}

/**
 * Reads the environment once per request. A misconfiguration (a wildcard origin, a weak or placeholder secret) is
 * refused before anything runs: every request is a 500 whose logged details say exactly what to fix.
 */
export function loadConfig(env: ConfigVars): Config {
  const parsed = configVarsSchema.safeParse(env);
  if (!parsed.success) {
    throw new InternalError("The worker is misconfigured.", {
      details: problemsOf(parsed.error).join("; "),
    });
  }
  const { CHAIN_IDS, SIWE_ALLOWED_ORIGINS, JWT_SECRET } = parsed.data;
  return {
    chainIds: CHAIN_IDS,
    allowedOrigins: SIWE_ALLOWED_ORIGINS.map(parseOrigin),
    jwtSecret: JWT_SECRET,
    rpcUrls(chainId) {
      const value = env[`RPC_URL_${chainId}`];
      if (!value) throw new InternalError(`RPC_URL_${chainId} is not configured.`);
      const urls = rpcUrlsSchema.safeParse(csv(value));
      if (!urls.success) {
        throw new InternalError(`RPC_URL_${chainId} must list one or more http(s) URLs, comma-separated.`, {
          details: problemsOf(urls.error).join("; "),
        });
      }
      return urls.data;
    },
    rpcTimeoutMs(chainId) {
      const value = env[`RPC_TIMEOUT_MS_${chainId}`];
      if (value === undefined) return undefined;
      const timeout = rpcTimeoutSchema.safeParse(value);
      if (!timeout.success) {
        throw new InternalError(`RPC_TIMEOUT_MS_${chainId} must be milliseconds between 100 and 60000.`);
      }
      return timeout.data;
    },
  };
}
