import { createRoute, z } from "@hono/zod-openapi";
import { wsConnectQuerySchema, wsTicketResponseSchema } from "../../../shared/schemas/ws";
import { findSession } from "../../auth/users";
import { issueWsTicket, verifyWsTicket } from "../../auth/wsTicket";
import { loadConfig } from "../../config";
import { createGlobalDb } from "../../db/client";
import { UnauthorizedError } from "../errors";
import { rateLimitPerUser, requireAuth } from "../middleware";
import { type App, bearer, errorResponses, jsonContent } from "../openapi";

const tags = ["realtime"];

const ticket = createRoute({
  method: "post",
  path: "/ws/ticket",
  tags,
  security: bearer,
  middleware: [requireAuth, rateLimitPerUser("ws_ticket")],
  summary: "A single-use, 30-second ticket to open the WebSocket (so the session token never goes in a URL)",
  responses: {
    200: jsonContent(wsTicketResponseSchema, "The ticket"),
    ...errorResponses(401, 429),
  },
});

const connect = createRoute({
  method: "get",
  path: "/ws",
  tags,
  summary:
    "Opens the real-time WebSocket (protocol: shared/schemas/ws.ts). `lastSeq` replays what was missed first.",
  request: { query: wsConnectQuerySchema },
  responses: {
    101: { description: "Switching protocols: the socket is open" },
    426: jsonContent(
      z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
      "Not an upgrade",
    ),
    ...errorResponses(400, 401),
  },
});

export function registerWsRoutes(app: App): void {
  app.openapi(ticket, async (c) => {
    const { user, sessionId } = c.get("session");
    const subject = { userId: user.id, address: user.address, sessionId };
    return c.json(await issueWsTicket(subject, loadConfig(c.env).jwtSecret, Date.now()), 200);
  });

  app.openapi(connect, async (c) => {
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
      return c.json(
        {
          error: { code: "upgrade_required", message: "Open this URL as a WebSocket (Upgrade: websocket)." },
        },
        426,
      );
    }
    const query = c.req.valid("query");
    const claims = await verifyWsTicket(query.ticket, loadConfig(c.env).jwtSecret);
    c.set("userId", claims.sub);
    // A ticket issued just before a logout must not open a socket after it.
    const found = await findSession(createGlobalDb(c.env.DB), claims.sub, claims.sid, Date.now());
    if (!found.ok) {
      throw new UnauthorizedError("The session of this ticket has ended; sign in again.", found.reason);
    }
    const stub = c.env.USER.getByName(claims.sub);
    if (!(await stub.consumeSocketTicket(claims.jti, claims.exp * 1000))) {
      throw new UnauthorizedError("This WebSocket ticket was already used; get a new one.", "ticket_used");
    }
    const url = new URL(c.req.url);
    url.searchParams.delete("ticket");
    const headers = new Headers(c.req.raw.headers);
    headers.set("X-Vigil-Address", claims.address);
    headers.set("X-Vigil-Session", claims.sid);
    headers.set("X-Vigil-Session-Expires", String(found.session.sessionExpiresAt));
    return stub.fetch(new Request(url, { headers }));
  });
}
