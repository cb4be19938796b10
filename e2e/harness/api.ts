export type ApiCall = <T = unknown>(path: string, init?: { method?: string; json?: unknown }) => Promise<T>;

/** The Vigil API as the test drives it beside the extension, with the session token the extension got. */
export function apiCaller(apiUrl: () => string, token: () => string): ApiCall {
  return async <T = unknown>(path: string, init: { method?: string; json?: unknown } = {}) => {
    const response = await fetch(`${apiUrl()}${path}`, {
      method: init.method ?? "GET",
      headers: {
        authorization: `Bearer ${token()}`,
        ...(init.json === undefined ? {} : { "content-type": "application/json" }),
      },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
    // 204 No Content (a DELETE): nothing to parse.
    const body = (response.status === 204 ? undefined : await response.json()) as T;
    if (!response.ok)
      throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  };
}
