import { createRoute } from "@hono/zod-openapi";
import { accountExportSchema } from "../../../shared/schemas/account";
import { deleteUserRecords, sessionsOf } from "../../auth/accountRecords";
import { createGlobalDb } from "../../db/client";
import { requireAuth } from "../middleware";
import { type App, bearer, errorResponses, jsonContent } from "../openapi";
import { userObject, watchObject } from "./userStub";

const tags = ["account"];
const security = bearer;
const middleware = [requireAuth];

const exportRoute = createRoute({
  method: "get",
  path: "/me/export",
  tags,
  security,
  middleware,
  summary: "Everything Vigil holds about you, as JSON",
  description:
    "Your user record, subscription and sign-in sessions (no token material), and every table of your own " +
    "database: rules, proposals, positions, history, settings, messages.",
  responses: { 200: jsonContent(accountExportSchema, "Your data"), ...errorResponses(401) },
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/me",
  tags,
  security,
  middleware,
  summary: "Delete your account: all your data, and sign out everywhere",
  description:
    "Erases your rules, proposals, positions, history, settings and messages and stops watching (the alarm goes), " +
    "closes your open WebSockets (code 4001) and deletes your user, subscription and sessions: every token of " +
    "yours is refused from now on. Signing in again starts a new, empty account.",
  responses: { 204: { description: "Deleted" }, ...errorResponses(401) },
});

export function registerAccountRoutes(app: App): void {
  app.openapi(exportRoute, async (c) => {
    const { user, subscription } = c.get("session");
    const [tables, sessions] = await Promise.all([
      userObject(c).exportData(),
      sessionsOf(createGlobalDb(c.env.DB), user.id),
    ]);
    return c.json({ exportedAt: new Date().toISOString(), user, subscription, sessions, tables }, 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const { user } = c.get("session");
    // The object first: if the global delete then fails, the request can be repeated (the tokens still work).
    // Each watched account's object stops before the list that names them goes.
    const stub = userObject(c);
    for (const account of await stub.listWatched()) await watchObject(c, account.address).stopWatching();
    await stub.deleteAccount();
    await deleteUserRecords(createGlobalDb(c.env.DB), user.id);
    return c.body(null, 204);
  });
}
