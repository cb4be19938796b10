import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorBody } from "../../../shared/schemas/errors";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  InternalError,
  MalformedJsonError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  VigilError,
  type VigilErrorOptions,
} from "../../errors";
import type { AppEnv } from "../appEnv";
import { logError } from "./log";

/**
 * Hono's and zod-openapi's own HTTPExceptions mapped onto our codes. A 4xx is the client's mistake and stays a
 * 4xx with the same status where a code has it; only a 5xx (or an unknown status) becomes `internal`.
 */
function fromHttpException(error: HTTPException): VigilError {
  const options = { cause: error, details: `${error.status} ${error.message}` };
  switch (error.status) {
    case 400:
      return error.message.includes("JSON")
        ? new MalformedJsonError("The request body is not valid JSON.", options)
        : new BadRequestError("The request is malformed.", options);
    case 401:
      return new UnauthorizedError("Authentication required.", "unauthorized", options);
    case 403:
      return new ForbiddenError("This request is not allowed.", options);
    case 404:
      return new NotFoundError("Resource", options);
    case 409:
      return new ConflictError("The request conflicts with the current state.", options);
    case 413:
      return new PayloadTooLargeError("The request body is too large.", options);
    case 415:
      return unsupportedMediaType(options);
    case 429:
      return new RateLimitedError(
        "Too many requests.",
        Number(error.res?.headers.get("Retry-After")) || 60,
        options,
      );
  }
  if (error.status >= 400 && error.status < 500)
    return new BadRequestError("The request is malformed.", options);
  return new InternalError("Unexpected HTTP error.", options);
}

/** The one 415: every JSON route says the same thing whether the type was missing or wrong. */
export function unsupportedMediaType(options: VigilErrorOptions = {}): UnsupportedMediaTypeError {
  return new UnsupportedMediaTypeError(
    "Send the body as JSON with the header Content-Type: application/json.",
    options,
  );
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
