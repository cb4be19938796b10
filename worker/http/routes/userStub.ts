import type { Context } from "hono";
import type { AppEnv } from "../appEnv";

/** The signed-in user's Durable Object. Only ever addressed by the id from the verified token. */
export function userObject(c: Context<AppEnv>) {
  return c.env.USER.getByName(c.get("session").user.id);
}
