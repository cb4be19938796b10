import { createRoute } from "@hono/zod-openapi";
import { userSettingsSchema, userSettingsUpdateSchema } from "../../../shared/schemas/settings";
import { requireAuth } from "../middleware";
import { type App, bearer, errorResponses, jsonBody, jsonContent } from "../openapi";
import { userObject } from "./userStub";

const tags = ["settings"];
const security = bearer;
const middleware = [requireAuth];

const get = createRoute({
  method: "get",
  path: "/me/settings",
  tags,
  security,
  middleware,
  summary: "Your settings, e.g. the health factor under which you get a risk alert (default 1.3)",
  responses: {
    200: jsonContent(userSettingsSchema, "Your settings (defaults until you save)"),
    ...errorResponses(401),
  },
});

const put = createRoute({
  method: "put",
  path: "/me/settings",
  tags,
  security,
  middleware,
  summary: "Replace your settings; the monitoring loop uses them from its next check",
  request: { body: jsonBody(userSettingsUpdateSchema) },
  responses: {
    200: jsonContent(userSettingsSchema, "The saved settings"),
    ...errorResponses(400, 401, 413, 415),
  },
});

export function registerSettingsRoutes(app: App): void {
  app.openapi(get, async (c) => c.json(await userObject(c).getSettings(), 200));
  app.openapi(put, async (c) => c.json(await userObject(c).putSettings(c.req.valid("json")), 200));
}
