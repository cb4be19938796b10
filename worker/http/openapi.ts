import { OpenAPIHono } from "@hono/zod-openapi";
import { errorBodySchema } from "../../shared/schemas/errors";
import type { AppEnv } from "./appEnv";
import { validationHook } from "./errors";

export type App = OpenAPIHono<AppEnv>;

export function createApp(): App {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

const DESCRIPTIONS = {
  400: "Invalid input; `error.details.fields` says which field and why. Nothing was changed.",
  401: "Missing, invalid or expired token, or a refused sign-in (`error.details.reason`).",
  402: "The subscription tier's limit is reached.",
  404: "Not found (also when it belongs to someone else).",
  409: "Conflicts with the current state; `error.details.reason` says how (e.g. `duplicate_rule`). Nothing was changed.",
  413: "The body is too large.",
  415: "The body is not sent as JSON (`Content-Type: application/json`).",
  422: "Well-formed, but nothing to act on (e.g. no price history for an asset in a window); the message says what.",
  429: "Too many requests; retry after `Retry-After` seconds.",
  502: "The chain's RPC answered wrongly; retry after `Retry-After` seconds.",
  503: "The chain's RPC is unreachable; retry after `Retry-After` seconds.",
} as const;

type ErrorStatus = keyof typeof DESCRIPTIONS;

/** OpenAPI entries for the error responses a route can give; all share the one error body. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  const entries = statuses.map((status) => [
    status,
    { description: DESCRIPTIONS[status], content: { "application/json": { schema: errorBodySchema } } },
  ]);
  return Object.fromEntries(entries) as Record<
    S,
    { description: string; content: { "application/json": { schema: typeof errorBodySchema } } }
  >;
}

export const jsonContent = <T>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const bearer = [{ Bearer: [] as string[] }];
