import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../appEnv";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Gives every request an id (a sane incoming X-Request-Id is kept) that the response and every log line carry. */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header("X-Request-Id");
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
  c.set("requestId", requestId);
  c.set("userId", undefined);
  await next();
  c.header("X-Request-Id", requestId);
});
