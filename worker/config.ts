import { z } from "zod";
import { InternalError } from "./errors";

/** An allowed sign-in origin: scheme + authority, where the authority may be the extension-id wildcard. */
export interface AllowedOrigin {
  scheme: string;
  /** Exact authority (host[:port]) or null for "any extension id". */
  authority: string | null;
  /** The origin as configured, e.g. "chrome-extension://*". */
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

/** Chrome extension ids are 32 letters a-p; Firefox's moz-extension hosts are UUIDs. */
const EXTENSION_ID = /^([a-p]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

const csv = (value: string) =>
  value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

const configVarsSchema = z.object({
  CHAIN_IDS: z
    .string()
    .transform(csv)
    .pipe(z.array(z.string().regex(/^\d+$/).transform(Number)).min(1)),
  SIWE_ALLOWED_ORIGINS: z
    .string()
    .transform(csv)
    .pipe(z.array(z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/)).min(1)),
  JWT_SECRET: z.string().min(32, { error: "JWT_SECRET must be at least 32 characters" }),
});

function parseOrigin(pattern: string): AllowedOrigin {
  const [scheme = "", authority = ""] = pattern.split("://");
  return { scheme, authority: authority === "*" ? null : authority, pattern };
}

export function originMatches(origin: AllowedOrigin, scheme: string, authority: string): boolean {
  if (origin.scheme !== scheme) return false;
  return origin.authority === null ? EXTENSION_ID.test(authority) : origin.authority === authority;
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

/** Reads the environment once per request; a misconfiguration is a server error with a precise message. */
export function loadConfig(env: ConfigVars): Config {
  const parsed = configVarsSchema.safeParse(env);
  if (!parsed.success) {
    throw new InternalError("The worker is misconfigured.", {
      details: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "),
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
          details: urls.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "),
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
