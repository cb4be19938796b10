import type { z } from "zod";
import { ApiError } from "../lib/api/apiError";
import { errorBodySchema } from "../lib/api/contract";
import { isRetryable, parseRetryAfter, retryDelay } from "./retryPolicy";

export interface ApiClientHost {
  baseUrl(): Promise<string>;
  /** The JWT, or null when signed out (public routes only). */
  token(): Promise<string | null>;
  /** Called when the API refuses the token (expired, revoked, user deleted). */
  onUnauthorized(): Promise<void>;
  /** Injected by tests; real timers and Math.random otherwise. */
  sleep?(ms: number): Promise<void>;
  random?(): number;
  now?(): number;
}

export interface ApiRequest<S extends z.ZodType> {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: `/${string}`;
  body?: unknown;
  /** The success body's schema: the answer is validated, never trusted. */
  schema: S;
  auth?: boolean;
  /**
   * Send this token instead of the session's, and leave a 401 to the caller (signing out: the session is being
   * ended already).
   */
  bearer?: string;
}

/** A hung API must become an error the popup can show, not a spinner forever. */
const REQUEST_TIMEOUT_MS = 15_000;

export type ApiClient = <S extends z.ZodType>(request: ApiRequest<S>) => Promise<z.infer<S>>;

/**
 * The one way the background talks to the Vigil API: JSON in, zod-validated JSON out, one error type. Reads
 * (GET) that fail transiently are retried with jittered backoff, honouring Retry-After (see retryPolicy.ts).
 */
export function createApiClient(host: ApiClientHost): ApiClient {
  const sleep = host.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = host.random ?? Math.random;
  const now = host.now ?? Date.now;
  const once = createSingleRequest(host, now);
  return async (request) => {
    if ((request.method ?? "GET") !== "GET") return once(request);
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(request);
      } catch (error) {
        if (!(error instanceof ApiError) || !isRetryable(error.status, error.code)) throw error;
        const delay = retryDelay(attempt, error.retryAfterMs ?? null, random);
        if (delay === null) throw error;
        await sleep(delay);
      }
    }
  };
}

function createSingleRequest(host: ApiClientHost, now: () => number): ApiClient {
  return async ({ method = "GET", path, body, schema, auth = true, bearer }) => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (bearer !== undefined) {
      headers.authorization = `Bearer ${bearer}`;
    } else if (auth) {
      const token = await host.token();
      if (!token) throw new ApiError(401, "signed_out", "Sign in first.");
      headers.authorization = `Bearer ${token}`;
    }
    const url = `${await host.baseUrl()}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (cause) {
      const timedOut = cause instanceof DOMException && cause.name === "TimeoutError";
      // Words for people: never the URL (the options page shows where the API is for whoever needs it).
      const message = timedOut
        ? `Vigil’s server did not answer within ${REQUEST_TIMEOUT_MS / 1000} s. Try again in a moment.`
        : browserOffline()
          ? "Could not reach Vigil’s server: this browser is offline. Vigil refreshes once you are back online."
          : "Could not reach Vigil’s server: it is down or cannot be reached from here. Try again in a moment.";
      throw new ApiError(0, timedOut ? "timeout" : "network", message, undefined, { cause });
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const parsed = errorBodySchema.safeParse(json);
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), now()) ?? undefined;
      const error = parsed.success
        ? new ApiError(
            response.status,
            parsed.data.error.code,
            parsed.data.error.message,
            parsed.data.error.details,
            { retryAfterMs },
          )
        : new ApiError(
            response.status,
            "http_error",
            `Vigil’s server had a problem (error ${response.status}). Try again in a moment.`,
            undefined,
            { retryAfterMs },
          );
      if (error.isUnauthorized && auth && bearer === undefined) await host.onUnauthorized();
      throw error;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError(
        response.status,
        "bad_response",
        "Vigil’s server sent an answer this version of the extension does not understand. Update Vigil.",
        parsed.error.issues,
      );
    }
    return parsed.data;
  };
}

/**
 * Whether the browser knows it has no network. Only "offline" is certain: online means a network is there, not
 * that the server answers, so the user is not told to check a connection that may be fine.
 */
function browserOffline(): boolean {
  return globalThis.navigator?.onLine === false;
}
