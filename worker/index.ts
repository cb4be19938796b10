import type { Env } from "./env";
import { buildApp } from "./http/app";

export { MarketDurableObject } from "./defi/market/marketObject";
export { UserDurableObject } from "./user/user-object";

const app = buildApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
