import type { Context } from "hono";
import type { Address } from "viem";
import { watchObjectName } from "../../user/capabilities/watchTarget";
import type { AppEnv } from "../appEnv";

/** The signed-in user's Durable Object. Only ever addressed by the id from the verified token. */
export function userObject(c: Context<AppEnv>) {
  return c.env.USER.getByName(c.get("session").user.id);
}

/** The object that watches `address` for the signed-in user (one per watched account; see watchTarget.ts). */
export function watchObject(c: Context<AppEnv>, address: Address) {
  return c.env.USER.getByName(watchObjectName(c.get("session").user.id, address));
}
