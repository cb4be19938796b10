import { createRoute } from "@hono/zod-openapi";
import { healthResponseSchema } from "../../../shared/schemas/health";
import { type App, jsonContent } from "../openapi";

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["meta"],
  summary: "Liveness",
  responses: { 200: jsonContent(healthResponseSchema, "The worker is up") },
});

export function registerHealthRoutes(app: App): void {
  app.openapi(health, (c) =>
    c.json({ status: "ok" as const, service: "vigil-worker" as const, time: new Date().toISOString() }, 200),
  );
}
