import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "../appEnv";
import { unsupportedMediaType } from "../errors";
import { type App, errorResponses } from "../openapi";

/** `application/json` or a `+json` type, with optional parameters (charset …), as zod-openapi accepts them. */
const JSON_CONTENT_TYPE = /^application\/([a-z.-]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

const hasJsonBody = (route: { request?: { body?: { content: Record<string, unknown> } } }) =>
  route.request?.body?.content["application/json"] !== undefined;

/** Adds the 415 this middleware answers to every JSON route's documented responses (call once all are registered). */
export function documentJsonContentType(app: App): void {
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== "route" || !hasJsonBody(definition.route)) continue;
    definition.route.responses[415] ??= errorResponses(415)[415];
  }
}

/** "POST /rules/:id"-style keys of the routes whose OpenAPI definition declares a JSON request body. */
function jsonBodyRoutes(app: App): Set<string> {
  const keys = new Set<string>();
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== "route") continue;
    const { method, path, request } = definition.route;
    if (!hasJsonBody({ request })) continue;
    keys.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`);
  }
  return keys;
}

/**
 * 415 for a request to a JSON route whose Content-Type is missing or not JSON, before anything else reads the
 * body. zod-openapi refuses a wrong type on its own, but a missing one with an empty body would reach the
 * validator as `{}` and come back as a 400 that blames the fields. The JSON routes are read from the OpenAPI
 * registry on the first request (all routes are registered by then), so declaring a body is all a new route
 * needs.
 */
export function requireJsonContentType(app: App): MiddlewareHandler<AppEnv> {
  let routes: Set<string> | undefined;
  return async function requireJsonContentType(c, next) {
    routes ??= jsonBodyRoutes(app);
    if (routes.has(`${c.req.method} ${routePath(c, -1)}`)) {
      const type = c.req.header("Content-Type");
      if (!type || !JSON_CONTENT_TYPE.test(type)) {
        throw unsupportedMediaType({
          details: type ? `Content-Type: ${type.slice(0, 100)}` : "no Content-Type",
        });
      }
    }
    await next();
  };
}
