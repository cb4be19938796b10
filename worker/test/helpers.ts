import { env, exports } from "cloudflare:workers";
import type { Hex, LocalAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { createSiweMessage } from "viem/siwe";
import { buildSignInMessage } from "../../shared/auth/buildSignInMessage";
import { newSignInVerifier, signInChallengeOf } from "../../shared/auth/signInChallenge";
import type { NonceResponse, SignInResponse } from "../../shared/schemas/auth";
import type { ErrorBody } from "../../shared/schemas/errors";

/** The origin tests call; allowed by SIWE_ALLOWED_ORIGINS in wrangler.toml, like `wrangler dev`. */
export const ORIGIN = "http://127.0.0.1:8787";

/** anvil's well-known dev keys (public knowledge; never hold value). */
const ANVIL_KEYS: Hex[] = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
];

export function anvilAccount(index: number): LocalAccount {
  const key = ANVIL_KEYS[index];
  if (!key) throw new Error(`no anvil key ${index}`);
  return privateKeyToAccount(key);
}

let ipCounter = 0;
/** A fresh client IP per caller keeps the per-IP sign-in limit from coupling unrelated tests. */
export function freshIp(): string {
  ipCounter++;
  return `10.0.${Math.floor(ipCounter / 250)}.${ipCounter % 250}`;
}

export interface CallOptions {
  method?: string;
  token?: string;
  ip?: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

export function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    "CF-Connecting-IP": options.ip ?? "10.255.0.1",
    ...options.headers,
  };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.body;
  if (options.json !== undefined) body = JSON.stringify(options.json);
  if (body !== undefined && !headers["Content-Type"]) headers["Content-Type"] = "application/json";
  return exports.default.fetch(
    new Request(`${ORIGIN}${path}`, { method: options.method ?? "GET", headers, body }),
  );
}

export async function errorOf(response: Response): Promise<ErrorBody["error"]> {
  const body = (await response.json()) as ErrorBody;
  return body.error;
}

/** GET /auth/nonce; with `challenge` (PKCE S256) the sign-in must then send its verifier. */
export async function getNonce(ip: string, challenge?: string): Promise<NonceResponse> {
  const response = await call(challenge ? `/auth/nonce?challenge=${challenge}` : "/auth/nonce", { ip });
  if (response.status !== 200) throw new Error(`nonce: ${response.status} ${await response.text()}`);
  return (await response.json()) as NonceResponse;
}

export type SiweFields = Partial<Parameters<typeof createSiweMessage>[0]>;

/** Builds the EIP-4361 message exactly as a client would from GET /auth/nonce, with optional overrides. */
export function buildMessage(
  account: LocalAccount,
  nonce: NonceResponse,
  overrides: SiweFields = {},
): string {
  return buildSignInMessage({ nonce, address: account.address, overrides });
}

export function postSignIn(
  ip: string,
  body: { address: string; message: string; signature: string; verifier?: string },
) {
  return call("/auth/wallet", { method: "POST", ip, json: body });
}

/** The whole happy path, as the extension does it: nonce bound to a verifier → message → personal_sign → token. */
export async function signIn(account: LocalAccount, ip = freshIp()): Promise<SignInResponse> {
  const verifier = newSignInVerifier();
  const nonce = await getNonce(ip, await signInChallengeOf(verifier));
  const message = buildMessage(account, nonce);
  const signature = await account.signMessage({ message });
  const response = await postSignIn(ip, { address: account.address, message, signature, verifier });
  if (response.status !== 200) throw new Error(`sign-in: ${response.status} ${await response.text()}`);
  const session = (await response.json()) as SignInResponse;
  await forgetSharedPositions(account, session);
  return session;
}

const SEEDED_WALLETS = new Set(ANVIL_KEYS.map((key) => privateKeyToAccount(key).address));

/**
 * A seeded wallet's user object is shared by every file: positions it read for an earlier test (maybe on a chain
 * since reverted, at a head this test's chain has reached again) must not answer for this one. A fresh wallet's
 * object is new and holds nothing.
 */
async function forgetSharedPositions(account: LocalAccount, session: SignInResponse): Promise<void> {
  if (SEEDED_WALLETS.has(account.address)) await env.USER.getByName(session.user.id).refreshPortfolio();
}

const seededSessions = new Map<string, SignInResponse>();

/**
 * A session for one of the devnet's seeded wallets, reused across files while the server still accepts it: many
 * files sign in the same few wallets, and a fast run would reach their per-address sign-in limit (10 a minute).
 * Tests of sign-in itself, or that end sessions, use `signIn` (always a new session).
 */
export async function seededSession(account: LocalAccount): Promise<SignInResponse> {
  const known = seededSessions.get(account.address);
  if (known && (await call("/me", { token: known.token })).status === 200) {
    await forgetSharedPositions(account, known);
    return known;
  }
  const session = await signIn(account);
  seededSessions.set(account.address, session);
  return session;
}
