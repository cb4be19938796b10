// The worker the benchmarks run: worker/index.ts unchanged, plus /__bench/ routes (./benchRoutes.ts) for what
// can only be measured or reset from inside workerd. Plain JS on purpose: the root tsconfig type-checks bench/
// for Node, and this file only wires the Workers entry (its logic is typed in benchRoutes.ts).
import worker from "../../worker/index.ts";
import { benchFetch } from "./benchRoutes.ts";

export { MarketDurableObject, UserDurableObject } from "../../worker/index.ts";

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname.startsWith("/__bench/")) return benchFetch(request, env);
    return worker.fetch(request, env, ctx);
  },
};
