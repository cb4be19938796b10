import { env } from "cloudflare:workers";
import { configProblems } from "./config";
import type { Env } from "./env";
import { buildApp } from "./http/app";

export { MarketDurableObject } from "./defi/market/marketObject";
export { UserDurableObject } from "./user/userObject";

// A wildcard sign-in origin or a weak/placeholder JWT_SECRET stops the worker from starting at all (wrangler dev
// and deploy print this); every request would refuse it anyway (loadConfig).
const problems = configProblems(env as unknown as Env);
if (problems.length > 0) throw new Error(`Vigil refuses to start: ${problems.join("; ")}`);

const app = buildApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
