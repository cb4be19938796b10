import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { buildSignInMessage } from "../../shared/auth/buildSignInMessage";
import { type NonceResponse, nonceResponseSchema, signInResponseSchema } from "../../shared/schemas/auth";

/**
 * fetch that retries once when the server closed an idle keep-alive socket just as it was reused (workerd does
 * after long pauses, e.g. while the extension builds). Only for idempotent requests.
 */
async function fetchIdempotent(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code !== "UND_ERR_SOCKET" && code !== "ECONNRESET") throw error;
    return fetch(url, init);
  }
}

let ipCounter = 0;
/** A distinct client IP per sign-in, so the per-IP sign-in limit does not cap how many users a run creates. */
function nextIp(): string {
  ipCounter += 1;
  return `10.88.${Math.floor(ipCounter / 250)}.${ipCounter % 250}`;
}

/** The real sign-in a client does: GET /auth/nonce → EIP-4361 message → personal_sign → POST /auth/wallet. */
export async function signIn(
  apiUrl: string,
  privateKey: Hex,
): Promise<{
  token: string;
  address: Hex;
  userId: string;
  expiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
}> {
  const account = privateKeyToAccount(privateKey);
  const ip = nextIp();
  const nonceResponse = await fetchIdempotent(`${apiUrl}/auth/nonce`, {
    headers: { "CF-Connecting-IP": ip },
  });
  if (!nonceResponse.ok) throw new Error(`nonce: ${nonceResponse.status} ${await nonceResponse.text()}`);
  const nonce: NonceResponse = nonceResponseSchema.parse(await nonceResponse.json());
  const message = buildSignInMessage({ nonce, address: account.address });
  const signature = await account.signMessage({ message });
  const response = await fetch(`${apiUrl}/auth/wallet`, {
    method: "POST",
    headers: { "content-type": "application/json", "CF-Connecting-IP": ip },
    body: JSON.stringify({ address: account.address, message, signature }),
  });
  if (!response.ok) throw new Error(`sign-in: ${response.status} ${await response.text()}`);
  const { token, user, expiresAt, refreshToken, refreshExpiresAt } = signInResponseSchema.parse(
    await response.json(),
  );
  return {
    token,
    address: account.address,
    userId: user.id,
    expiresAt: Date.parse(expiresAt),
    refreshToken,
    refreshExpiresAt: Date.parse(refreshExpiresAt),
  };
}

/** GET with the session token; throws on a non-2xx answer so a benchmark never times an error page. */
export async function getJson(apiUrl: string, path: string, token?: string): Promise<unknown> {
  const response = await fetchIdempotent(`${apiUrl}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

export async function post(apiUrl: string, path: string, token?: string): Promise<void> {
  // Only used for idempotent bench routes (cache invalidation, /portfolios/refresh).
  const response = await fetchIdempotent(`${apiUrl}${path}`, {
    method: "POST",
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}
