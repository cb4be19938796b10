/** Thrown when the devnet's JSON-RPC answers with an error. */
export class DevnetRpcError extends Error {
  override readonly name = "DevnetRpcError";
  constructor(
    readonly method: string,
    readonly code: number,
    readonly details: string,
  ) {
    super(`${method} failed (${code}): ${details}`);
  }
}

/**
 * Raw JSON-RPC for anvil's own methods (anvil_setTime, anvil_setCode, anvil_dumpState, ...) that viem's
 * typed clients do not all cover; everything standard goes through viem.
 */
export async function anvilRpc<T = unknown>(
  rpcUrl: string,
  method: string,
  params: unknown[] = [],
): Promise<T> {
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  if (!res.ok) throw new DevnetRpcError(method, res.status, await res.text());
  const body = (await res.json()) as { result?: T; error?: { code: number; message: string } };
  if (body.error) throw new DevnetRpcError(method, body.error.code, body.error.message);
  return body.result as T;
}
