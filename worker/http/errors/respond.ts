import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorBody } from "../../../shared/schemas/errors";
import {
  InternalError,
  MalformedJsonError,
  PayloadTooLargeError,
  UnauthorizedError,
  VigilError,
} from "../../errors";
import type { AppEnv } from "../app-env";
import { logError } from "./log";

/** Hono's own HTTPExceptions (body parsing, body limit) mapped onto our codes. */
function fromHttpException(error: HTTPException): VigilError {
  if (error.status === 413)
    return new PayloadTooLargeError("The request body is too large.", { cause: error });
  if (error.status === 401)
    return new UnauthorizedError("Authentication required.", "unauthorized", { cause: error });
  if (error.status === 400) {
    return new MalformedJsonError("The request body is not valid JSON.", {
      cause: error,
      details: error.message,
    });
  }
  return new InternalError("Unexpected HTTP error.", {
    cause: error,
    details: `${error.status} ${error.message}`,
  });
}

export function toVigilError(error: unknown): VigilError {
  if (error instanceof VigilError) return error;
  if (error instanceof HTTPException) return fromHttpException(error);
  return new InternalError("Something went wrong on our side.", { cause: error });
}

export function errorBody(error: VigilError, requestId: string | undefined): ErrorBody {
  const data = error.code === "internal" ? undefined : error.data;
  const details = { ...data, ...(requestId ? { requestId } : {}) };
  return { error: { code: error.code, message: error.shortMessage, details } };
}

/** The one place an error becomes a response: same body shape everywhere, logged once as a JSON line. */
export function respondWithError(c: Context<AppEnv>, raw: unknown): Response {
  const error = toVigilError(raw);
  const requestId = c.get("requestId");
  logError(error, {
    requestId,
    userId: c.get("userId"),
    method: c.req.method,
    route: c.req.routePath,
    path: c.req.path,
  });
  const headers: Record<string, string> = {};
  const retryAfter = error.data?.retryAfterSeconds;
  if (retryAfter !== undefined) headers["Retry-After"] = String(retryAfter);
  return c.json(errorBody(error, requestId), error.status as ContentfulStatusCode, headers);
}
